"""Neutral messages and forms to Adaptive Card 1.5 JSON, the highest version Teams renders for bots.

Teams reads a subset of markdown in TextBlocks and facts, so every piece of text is escaped
there: nothing a person wrote can format, link or mention anyone. Titles of buttons, labels
and choices are plain text and go as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.core import messages as m
from bot.core.usecases.buttons import OPENS_A_FORM
from bot.core.wording import shorten

Json = dict[str, object]

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
BODY_LIMIT = 100  # top-level elements
# Teams refuses a message over about 28 KB: the body's share, leaving room for fallback texts.
BODY_BYTES = 22_000
TEXT_LIMIT = 4000
HEADING_LIMIT = 150
FACT_LIMIT = 500
BUTTON_LIMIT = 75
FALLBACK_LIMIT = 1000
DIALOG_TITLE_LIMIT = 64
LABEL_LIMIT = 500
CHOICE_LIMIT = 100
CHOICE_TITLE_LIMIT = 150
PLACEHOLDER_LIMIT = 150
BAR_WIDTH = 10
STYLES = {"primary": "positive", "danger": "destructive"}
MORE = "There is more than fits here."
REQUIRED = "Please answer this."
CHECK_BELOW = "Please check the answers marked below."

_MARKUP = re.compile(r"[\\`*_~\[\](){}<>]")
# Where a backslash stops a line reading as a heading, list item or rule: "\- a", "1\. b".
_LINE_START = re.compile(r"^(?:\d+(?=[.)])|(?=[#+=-]))")


@dataclass(frozen=True)
class FileLink:
    """A file the message carries, as a link to download it from the bot (a bot cannot
    attach a file to a Teams message without asking the person first)."""

    name: str
    title: str
    url: str
    days: int  # how long the link works
    image: bool  # shown in the card as well

    @property
    def label(self) -> str:
        """The download button's title, in plain words."""
        works = f"link works for {self.days} day{'s' if self.days != 1 else ''}"
        label = f"Download {self.name} ({works})"
        return label if len(label) <= BUTTON_LIMIT else f"Download the file ({works})"

    @property
    def sentence(self) -> str:
        """The link in the text fallback."""
        return f"{self.label}: {self.url}"


def card(message: m.Message, file: FileLink | None = None) -> Json:
    """An Adaptive Card showing the message; buttons stay where the message puts them.
    A file comes last, never cut: a picture shown in the card, and a download button."""
    body = _body(message.blocks) or _text(message.text)
    return _card(_within_limits(body, _file(file) if file else []), message.text)


def fallback_text(message: m.Message) -> str:
    """Plain text for notifications and screen readers: send it as the activity's summary,
    or as text with textFormat "plain", because it is not escaped for markdown."""
    return shorten(message.text.strip(), FALLBACK_LIMIT)


def dialog(form: m.Form, problems: Mapping[str, str] | None = None) -> Json:
    """The task module's "continue" value: the form as a card, each problem under its field."""
    problems = problems or {}
    ids = {field.id for field in form.inputs}
    summary = [CHECK_BELOW] if problems.keys() & ids else []
    summary += [problem for key, problem in problems.items() if key not in ids]
    top = [b for line in summary for b in _text(line, color="attention", weight="bolder")]
    content = _card([*top, *_body(form.blocks, problems)], form.text)
    submit: Json = {
        "type": "Action.Submit",
        "title": shorten(form.submit, BUTTON_LIMIT),
        "style": "positive",
        "data": {"form": form.callback, "state": form.state},
    }
    content["actions"] = [submit]
    return {
        "title": shorten(form.title, DIALOG_TITLE_LIMIT),
        "width": "medium",
        "height": "medium",
        "card": {"contentType": CONTENT_TYPE, "content": content},
    }


def answers(data: Mapping[str, object], inputs: Iterable[m.Input]) -> m.Answers:
    """What a dialog submitted (`task/submit`'s `value.data`), as the core's answers.

    Only the form's inputs are read, so the submit button's own keys (form, state, msteams)
    never become answers; an input left empty gives no values. A multi-select ChoiceSet sends
    its values joined by commas: option values never contain one (`dialog` refuses them).
    """
    result: dict[str, tuple[str, ...]] = {}
    for field in inputs:
        raw = data.get(field.id)
        text = raw if isinstance(raw, str) else ""
        if isinstance(field, m.Checkboxes):
            result[field.id] = tuple(v for v in (part.strip() for part in text.split(",")) if v)
        else:
            result[field.id] = (text,) if text else ()
    return result


def escape(text: str) -> str:
    """Text that Teams' markdown shows exactly as written, one line per line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = (_escape_line(line.strip()) for line in lines)
    # A single newline does not break a line in a TextBlock; a blank line does.
    return "\n\n".join(line for line in escaped if line)


def _escape_line(line: str) -> str:
    line = _MARKUP.sub(lambda found: "\\" + found.group(0), line)
    start = _LINE_START.match(line)
    return line if start is None else f"{line[: start.end()]}\\{line[start.end() :]}"


def progress_text(bar: m.ProgressBar) -> str:
    filled = round(BAR_WIDTH * bar.done / bar.total) if bar.total else 0
    drawn = "#" * filled + "." * (BAR_WIDTH - filled)
    return f"[{drawn}] {bar.done} of {bar.total} {bar.unit} done ({bar.percent}%)"


def _card(body: list[Json], fallback: str) -> Json:
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
        "fallbackText": escape(shorten(fallback, FALLBACK_LIMIT)),
    }


def _body(
    blocks: Iterable[m.Block | m.Input], problems: Mapping[str, str] | None = None
) -> list[Json]:
    body: list[Json] = []
    divided = False
    for block in blocks:
        if isinstance(block, m.Divider):
            divided = bool(body)
            continue
        rendered = _field(block, problems or {}) if isinstance(block, m.Input) else _render(block)
        if rendered and divided:
            rendered[0] = {**rendered[0], "separator": True, "spacing": "medium"}
            divided = False
        body += rendered
    return body


def _within_limits(body: list[Json], tail: list[Json] | None = None) -> list[Json]:
    """The body and its tail, the body cut short with a note when together they have too
    many elements or bytes."""
    tail = tail or []
    sizes = [_size(element) for element in body]
    room, tail_bytes = BODY_LIMIT - len(tail), sum(_size(element) for element in tail)
    if len(body) <= room and sum(sizes) + tail_bytes <= BODY_BYTES:
        return [*body, *tail]
    note = _text(MORE, size="small", isSubtle=True)
    budget, kept = BODY_BYTES - tail_bytes - _size(note[0]), 0
    for size in sizes[: room - 1]:
        budget -= size
        if budget < 0:
            break
        kept += 1
    return [*body[:kept], *note, *tail]


def _file(file: FileLink) -> list[Json]:
    download: Json = {
        "type": "ActionSet",
        "actions": [{"type": "Action.OpenUrl", "title": file.label, "url": file.url}],
    }
    if not file.image:
        return [download]
    alt = shorten(file.title, TEXT_LIMIT)
    return [{"type": "Image", "url": file.url, "altText": alt, "size": "stretch"}, download]


def _size(element: object) -> int:
    return len(json.dumps(element, separators=(",", ":"), ensure_ascii=False).encode()) + 1


def _render(block: m.Block) -> list[Json]:
    match block:
        case m.Heading(text=text):
            style = {"style": "heading", "size": "large", "weight": "bolder"}
            return _text(text, HEADING_LIMIT, **style)
        case m.Paragraph(text=text):
            return _text(text)
        case m.Quote(text=text):
            quoted = _text(text)
            return [{"type": "Container", "style": "emphasis", "items": quoted}] if quoted else []
        case m.Fields(pairs=pairs):
            facts = [
                {"title": _plain(k, FACT_LIMIT), "value": _plain(v, FACT_LIMIT)} for k, v in pairs
            ]
            return [{"type": "FactSet", "facts": facts}] if facts else []
        case m.ProgressBar():
            return _text(progress_text(block))
        case m.Item():
            return _item(block)
        case m.Actions(buttons=buttons):
            return [_action_set(buttons)] if buttons else []
        case m.Context(text=text):
            return _text(text, size="small", isSubtle=True)
        case m.Divider():
            return []


def _item(item: m.Item) -> list[Json]:
    title = _link(item.text, item.url) if item.url else _plain(item.text, TEXT_LIMIT)
    texts = [
        *([_block(title, weight="bolder")] if title else []),
        *_text(item.detail, size="small", isSubtle=True, spacing="none"),
    ]
    if item.button is None:
        return [{"type": "Container", "items": texts}] if texts else []
    if not texts:
        return [_action_set((item.button,))]
    columns = [
        {"type": "Column", "width": "stretch", "items": texts},
        {"type": "Column", "width": "auto", "items": [_action_set((item.button,))]},
    ]
    return [{"type": "ColumnSet", "columns": columns}]


def _link(text: str, url: str) -> str:
    title = _plain(text, TEXT_LIMIT)
    if not title or not url.startswith(("https://", "http://")):
        return title
    safe = "".join(f"%{ord(c):02X}" if c in " ()<>[]\\" else c for c in url)
    return f"[{title}]({safe})"


def _action_set(buttons: Iterable[m.Button]) -> Json:
    return {"type": "ActionSet", "actions": [action(b) for b in buttons]}


def action(button: m.Button) -> Json:
    """A press refreshes the card through the bot (Action.Execute), except that a button whose
    answer is a form opens a dialog (a task/fetch submit)."""
    data = {"action": button.action, "value": button.value}
    result: Json = {"type": "Action.Submit", "title": shorten(button.label, BUTTON_LIMIT)}
    if button.action in OPENS_A_FORM:
        result["data"] = {"msteams": {"type": "task/fetch"}, **data}
    else:
        result.update(type="Action.Execute", verb=button.action, data=data)
    if button.style:
        result["style"] = STYLES[button.style]
    return result


def _field(field: m.Input, problems: Mapping[str, str]) -> list[Json]:
    required = isinstance(field, m.RadioButtons) or not field.optional
    element = {**_input(field), "id": field.id, "label": shorten(field.label, LABEL_LIMIT)}
    element.update(isRequired=required, **({"errorMessage": REQUIRED} if required else {}))
    problem = problems.get(field.id)
    return [element, *(_text(problem, color="attention", spacing="small") if problem else [])]


def _input(field: m.Input) -> Json:
    match field:
        case m.Checkboxes(options=options, chosen=chosen):
            if any("," in c.value for c in options):
                raise ValueError(f"{field.id}: a multi-select option's value has a comma")
            return _choices(options, chosen, "expanded", isMultiSelect=True)
        case m.RadioButtons(options=options, chosen=chosen):
            return _choices(options, (chosen,) if chosen else (), "expanded")
        case m.Select(options=options, chosen=chosen, placeholder=placeholder):
            hint = {"placeholder": shorten(placeholder, PLACEHOLDER_LIMIT)} if placeholder else {}
            return _choices(options, (chosen,) if chosen else (), "compact", **hint)
        case m.DateInput(initial=initial):
            return {"type": "Input.Date", **({"value": initial} if initial else {})}
        case m.TimeInput(initial=initial):
            return {"type": "Input.Time", **({"value": initial} if initial else {})}
        case m.TextInput(
            multiline=multiline, max_length=max_length, placeholder=placeholder, initial=initial
        ):
            hint = {"placeholder": shorten(placeholder, PLACEHOLDER_LIMIT)} if placeholder else {}
            # Teams sets no ceiling on maxLength, so the core's stands; text to edit starts
            # no longer than the box takes.
            typed = {"value": shorten(initial, max_length)} if initial else {}
            text = {"type": "Input.Text", "isMultiline": multiline, "maxLength": max_length}
            return {**text, **hint, **typed}


def _choices(
    options: tuple[m.Choice, ...], chosen: tuple[str, ...], style: str, **extra: object
) -> Json:
    listed = options[:CHOICE_LIMIT]
    value = ",".join(c.value for c in listed if c.value in chosen)
    return {
        "type": "Input.ChoiceSet",
        "choices": [
            {"title": shorten(c.label, CHOICE_TITLE_LIMIT), "value": c.value} for c in listed
        ],
        "style": style,
        "wrap": True,
        **({"value": value} if value else {}),
        **extra,
    }


def _text(text: str, limit: int = TEXT_LIMIT, **style: object) -> list[Json]:
    """A wrapping TextBlock of escaped text, or nothing when there is nothing to show."""
    escaped = _plain(text, limit)
    return [_block(escaped, **style)] if escaped else []


def _block(escaped: str, **style: object) -> Json:
    return {"type": "TextBlock", "text": escaped, "wrap": True, **style}


def _plain(text: str, limit: int) -> str:
    return escape(shorten(text, limit))
