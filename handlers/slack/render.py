"""Neutral messages to Block Kit, through slack_sdk's typed models.

Slack rejects a whole payload for one text or list over its limits, so every limit is kept
here, whatever the core hands over: long text is split into more blocks or shortened with
an ellipsis, and what does not fit in a message ends with a note that there is more.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core import messages as m
from bot.core.wording import shorten
from handlers.slack.block_json import as_json
from handlers.slack.fit import checked, chunks, fit

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
SECTION_TEXT_LIMIT = 3000
ITEM_TITLE_LIMIT = (
    SECTION_TEXT_LIMIT // 2
)  # an item's title, with its link; the detail gets the rest
FIELD_TEXT_LIMIT = 2000
FIELDS_PER_SECTION = 10
HEADER_TEXT_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BUTTONS_PER_BLOCK = 25
CONTEXT_TEXT_LIMIT = 3000
# Slack cuts a message's text at 40,000 characters and advises under 4,000; notifications
# show far less.
FALLBACK_TEXT_LIMIT = 3000
ID_LIMIT = 255  # block, action and callback ids
BAR_WIDTH = 10
MORE = "There is more than fits here."


def message_blocks(message: m.Message) -> list[dict[str, object]]:
    """Blocks for chat.postMessage and friends, within Slack's message limit."""
    return [as_json(block) for block in _blocks(message, MESSAGE_BLOCK_LIMIT)]


def fallback_text(message: m.Message) -> str:
    """The text notifications and screen readers use, escaped: Slack reads it as markup."""
    return fit(message.text, FALLBACK_TEXT_LIMIT)


def home_view(message: m.Message) -> dict[str, object]:
    """An App Home tab showing the message."""
    view = View(type="home", blocks=_blocks(message, VIEW_BLOCK_LIMIT))
    result: dict[str, object] = view.to_dict()
    return result


def _blocks(message: m.Message, limit: int) -> list[Block]:
    blocks = [b for block in message.blocks for b in render_block(block)]
    if len(blocks) > limit:
        note = ContextBlock(elements=[MarkdownTextObject(text=MORE)])
        blocks = [*blocks[: limit - 1], note]
    return blocks


def render_block(block: m.Block) -> list[Block]:
    """One neutral block as Block Kit: one block, or several where its text is long."""
    match block:
        case m.Heading(text=text):
            return [HeaderBlock(text=PlainTextObject(text=shorten(text, HEADER_TEXT_LIMIT)))]
        case m.Paragraph(text=text):
            return [_section(chunk) for chunk in chunks(text, SECTION_TEXT_LIMIT)]
        case m.Quote(text=text):
            return [
                SectionBlock(text=PlainTextObject(text=chunk, emoji=False))
                for chunk in chunks(text, SECTION_TEXT_LIMIT, _as_written)
            ]
        case m.Fields(pairs=pairs):
            fields = [MarkdownTextObject(text=_field(k, v)) for k, v in pairs]
            return [
                SectionBlock(fields=fields[i : i + FIELDS_PER_SECTION])
                for i in range(0, len(fields), FIELDS_PER_SECTION)
            ]
        case m.ProgressBar():
            return [_section(progress_text(block))]
        case m.Item():
            return [_item(block)]
        case m.Actions(buttons=buttons):
            return [ActionsBlock(elements=[_button(b) for b in buttons[:BUTTONS_PER_BLOCK]])]
        case m.Context(text=text):
            return [ContextBlock(elements=[MarkdownTextObject(text=fit(text, CONTEXT_TEXT_LIMIT))])]
        case m.Divider():
            return [DividerBlock()]


def progress_text(bar: m.ProgressBar) -> str:
    filled = round(BAR_WIDTH * bar.done / bar.total) if bar.total else 0
    drawn = "█" * filled + "░" * (BAR_WIDTH - filled)
    return f"`{drawn}` {bar.done} of {bar.total} {bar.unit} done ({bar.percent}%)"


def _as_written(text: str) -> str:
    """Plain text needs no escaping: Slack shows it as it is."""
    return text


def _field(key: str, value: str) -> str:
    """A field's name in bold over its value; the name takes at most half the room."""
    name = fit(key, FIELD_TEXT_LIMIT // 2)
    return f"*{name}*\n{fit(value, FIELD_TEXT_LIMIT - len(name) - 3)}"


def _item(item: m.Item) -> SectionBlock:
    title = fit(item.text, ITEM_TITLE_LIMIT)
    if item.url and len(item.url) + len(title) + 3 <= ITEM_TITLE_LIMIT:
        title = f"<{item.url}|{title.replace('|', '¦')}>"
    text = f"*{title}*"
    if item.detail:
        text += "\n" + fit(item.detail, SECTION_TEXT_LIMIT - len(text) - 1)
    accessory = _button(item.button) if item.button else None
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory)


def _button(button: m.Button) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=shorten(button.label, BUTTON_TEXT_LIMIT)),
        action_id=checked(button.action, ID_LIMIT, "a button's action"),
        value=checked(button.value, BUTTON_VALUE_LIMIT, "a button's value") or None,
        style=button.style,
    )


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))
