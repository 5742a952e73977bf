"""Neutral messages to Block Kit, through slack_sdk's typed models."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core import messages as m

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
SECTION_TEXT_LIMIT = 3000
FIELD_TEXT_LIMIT = 2000
HEADER_TEXT_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
FALLBACK_TEXT_LIMIT = 3000
BAR_WIDTH = 10
VIEW_TITLE_LIMIT = 24
INPUT_LABEL_LIMIT = 2000
OPTION_TEXT_LIMIT = 75
OPTION_COUNT_LIMIT = 10  # for checkboxes and radio buttons
SELECT_OPTION_LIMIT = 100
PLACEHOLDER_LIMIT = 150
TEXT_INPUT_LIMIT = 3000


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup control."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message_blocks(message: m.Message) -> list[dict[str, object]]:
    """Blocks for chat.postMessage and friends, within Slack's message limit."""
    return _to_dicts(message, MESSAGE_BLOCK_LIMIT)


def fallback_text(message: m.Message) -> str:
    """The text notifications and screen readers use, escaped: Slack reads it as markup."""
    return escape(_clip(message.text, FALLBACK_TEXT_LIMIT))


def home_view(message: m.Message) -> dict[str, object]:
    """An App Home tab showing the message."""
    view = View(type="home", blocks=_blocks(message, VIEW_BLOCK_LIMIT))
    result: dict[str, object] = view.to_dict()
    return result


def modal_view(form: m.Form) -> dict[str, object]:
    """A modal for views.open; its inputs come back under their ids (block and action)."""
    blocks = [b for block in form.blocks for b in _form_block(block)][:VIEW_BLOCK_LIMIT]
    view = View(
        type="modal",
        callback_id=form.callback,
        title=PlainTextObject(text=_clip(form.title, VIEW_TITLE_LIMIT)),
        submit=PlainTextObject(text=_clip(form.submit, VIEW_TITLE_LIMIT)),
        close=PlainTextObject(text=_clip(form.close, VIEW_TITLE_LIMIT)),
        private_metadata=form.state or None,
        blocks=blocks,
    )
    result: dict[str, object] = view.to_dict()
    return result


def _form_block(block: m.Block | m.Input) -> list[Block]:
    if isinstance(block, m.Input):
        return [_input(block)]
    return _render(block)


def _input(field: m.Input) -> InputBlock:
    label = PlainTextObject(text=_clip(field.label, INPUT_LABEL_LIMIT))
    match field:
        case m.Checkboxes():
            return InputBlock(
                block_id=field.id, label=label, element=_checkboxes(field), optional=field.optional
            )
        case m.RadioButtons(options=options, chosen=chosen):
            shown = options[:OPTION_COUNT_LIMIT]
            element = RadioButtonsElement(
                action_id=field.id,
                options=[_option(c) for c in shown],
                initial_option=next((_option(c) for c in shown if c.value == chosen), None),
            )
            return InputBlock(block_id=field.id, label=label, element=element)
        case m.Select(options=options, chosen=chosen):
            listed = options[:SELECT_OPTION_LIMIT]
            select = StaticSelectElement(
                action_id=field.id,
                options=[_option(c) for c in listed],
                initial_option=next((_option(c) for c in listed if c.value == chosen), None),
                placeholder=_clip(field.placeholder, PLACEHOLDER_LIMIT) or None,
            )
            return InputBlock(
                block_id=field.id, label=label, element=select, optional=field.optional
            )
        case m.DateInput(initial=initial):
            date_picker = DatePickerElement(action_id=field.id, initial_date=initial)
            return InputBlock(
                block_id=field.id, label=label, element=date_picker, optional=field.optional
            )
        case m.TimeInput(initial=initial):
            time_picker = TimePickerElement(action_id=field.id, initial_time=initial)
            return InputBlock(
                block_id=field.id, label=label, element=time_picker, optional=field.optional
            )
        case m.TextInput():
            text = PlainTextInputElement(
                action_id=field.id,
                multiline=field.multiline or None,
                max_length=min(field.max_length, TEXT_INPUT_LIMIT),
                placeholder=_clip(field.placeholder, PLACEHOLDER_LIMIT) or None,
                initial_value=field.initial or None,
            )
            return InputBlock(block_id=field.id, label=label, element=text, optional=field.optional)


def _checkboxes(field: m.Checkboxes) -> CheckboxesElement:
    shown = field.options[:OPTION_COUNT_LIMIT]
    return CheckboxesElement(
        action_id=field.id,
        options=[_option(c) for c in shown],
        initial_options=[_option(c) for c in shown if c.value in field.chosen] or None,
    )


def _option(choice: m.Choice) -> Option:
    return Option(
        value=choice.value, text=PlainTextObject(text=_clip(choice.label, OPTION_TEXT_LIMIT))
    )


def _to_dicts(message: m.Message, limit: int) -> list[dict[str, object]]:
    return [block.to_dict() for block in _blocks(message, limit)]


def _blocks(message: m.Message, limit: int) -> list[Block]:
    blocks = [b for block in message.blocks for b in _render(block)]
    if len(blocks) > limit:
        note = ContextBlock(elements=[MarkdownTextObject(text="There is more than fits here.")])
        blocks = [*blocks[: limit - 1], note]
    return blocks


def _render(block: m.Block) -> list[Block]:
    match block:
        case m.Heading(text=text):
            return [HeaderBlock(text=PlainTextObject(text=_clip(text, HEADER_TEXT_LIMIT)))]
        case m.Paragraph(text=text):
            return [_section(chunk) for chunk in escaped_chunks(text, SECTION_TEXT_LIMIT)]
        case m.Quote(text=text):
            return [
                SectionBlock(
                    text=PlainTextObject(text=text[i : i + SECTION_TEXT_LIMIT], emoji=False)
                )
                for i in range(0, max(len(text), 1), SECTION_TEXT_LIMIT)
            ]
        case m.Fields(pairs=pairs):
            fields = [
                MarkdownTextObject(text=_clip(f"*{escape(k)}*\n{escape(v)}", FIELD_TEXT_LIMIT))
                for k, v in pairs
            ]
            return [SectionBlock(fields=fields[i : i + 10]) for i in range(0, len(fields), 10)]
        case m.ProgressBar():
            return [_section(progress_text(block))]
        case m.Item():
            return [_item(block)]
        case m.Actions(buttons=buttons):
            return [ActionsBlock(elements=[_button(b) for b in buttons[:25]])]
        case m.Context(text=text):
            return [ContextBlock(elements=[MarkdownTextObject(text=_clip(escape(text), 3000))])]
        case m.Divider():
            return [DividerBlock()]


def progress_text(bar: m.ProgressBar) -> str:
    filled = round(BAR_WIDTH * bar.done / bar.total) if bar.total else 0
    drawn = "█" * filled + "░" * (BAR_WIDTH - filled)
    return f"`{drawn}` {bar.done} of {bar.total} {bar.unit} done ({bar.percent}%)"


def _item(item: m.Item) -> SectionBlock:
    title = escape(item.text)
    if item.url:
        title = f"<{item.url}|{title.replace('|', '¦')}>"
    text = f"*{title}*" + (f"\n{escape(item.detail)}" if item.detail else "")
    accessory = _button(item.button) if item.button else None
    return SectionBlock(
        text=MarkdownTextObject(text=_clip(text, SECTION_TEXT_LIMIT)), accessory=accessory
    )


def _button(button: m.Button) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=_clip(button.label, BUTTON_TEXT_LIMIT)),
        action_id=button.action,
        value=button.value or None,
        style=button.style,
    )


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def escaped_chunks(text: str, size: int) -> list[str]:
    """Escape text and split it, at line breaks where possible, into pieces of at most `size`."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        piece = escape(line)
        joined = f"{current}\n{piece}" if current else piece
        if len(joined) <= size:
            current = joined
            continue
        if current:
            chunks.append(current)
        current = ""
        for char in line:
            escaped = escape(char)
            if len(current) + len(escaped) > size:
                chunks.append(current)
                current = ""
            current += escaped
    return [*chunks, current] if current or not chunks else chunks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
