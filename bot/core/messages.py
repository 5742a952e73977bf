"""Neutral messages that every platform renders in its own way.

Text in these objects is plain text: renderers escape it for their platform,
so nothing a user typed can turn into a mention or markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal

ButtonStyle = Literal["primary", "danger"] | None


@dataclass(frozen=True)
class Button:
    label: str
    action: str
    value: str = ""
    style: ButtonStyle = None


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Quote:
    """Words a person wrote, shown exactly as written: never formatted, a mention or a link."""

    text: str


@dataclass(frozen=True)
class Fields:
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProgressBar:
    done: int
    total: int
    unit: str = "modules"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class Item:
    """One line of a list, such as a module, with an optional link and button."""

    text: str
    detail: str = ""
    url: str | None = None
    button: Button | None = None


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Context:
    text: str


@dataclass(frozen=True)
class Divider:
    pass


Block = Heading | Paragraph | Quote | Fields | ProgressBar | Item | Actions | Context | Divider

_BLOCK_TYPES: dict[str, type[Block]] = {
    cls.__name__: cls
    for cls in (Heading, Paragraph, Quote, Fields, ProgressBar, Item, Actions, Context, Divider)
}


@dataclass(frozen=True)
class Message:
    """What the bot says: a plain-text summary plus structured blocks.

    `text` is the fallback that notifications and screen readers use, so it
    must make sense on its own.
    """

    text: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form, for keeping a message in the outbox."""
        return {
            "text": self.text,
            "blocks": [{"type": type(b).__name__, **asdict(b)} for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Message:
        raw_blocks = data.get("blocks", [])
        assert isinstance(raw_blocks, list | tuple)
        return cls(text=str(data["text"]), blocks=tuple(_block(b) for b in raw_blocks))


def _block(data: dict[str, object]) -> Block:
    fields = dict(data)
    kind = _BLOCK_TYPES[str(fields.pop("type"))]
    if kind is Fields:
        pairs = fields["pairs"]
        assert isinstance(pairs, list | tuple)
        return Fields(pairs=tuple((str(k), str(v)) for k, v in pairs))
    if kind is Actions:
        buttons = fields["buttons"]
        assert isinstance(buttons, list | tuple)
        return Actions(buttons=tuple(Button(**b) for b in buttons))
    if kind is Item and fields.get("button") is not None:
        button = fields["button"]
        assert isinstance(button, dict)
        fields["button"] = Button(**button)
    return kind(**fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Choice:
    """One option of a form input: the value the form reports, and what people read."""

    value: str
    label: str


@dataclass(frozen=True)
class Checkboxes:
    """Tick any number of choices; `chosen` holds the values ticked at the start."""

    id: str
    label: str
    options: tuple[Choice, ...]
    chosen: tuple[str, ...] = ()
    optional: bool = True


@dataclass(frozen=True)
class RadioButtons:
    """Pick one choice; `chosen` is the value picked at the start."""

    id: str
    label: str
    options: tuple[Choice, ...]
    chosen: str | None = None


@dataclass(frozen=True)
class Select:
    """Pick one choice from a list that may be long; `chosen` is picked at the start."""

    id: str
    label: str
    options: tuple[Choice, ...]
    chosen: str | None = None
    placeholder: str = ""
    optional: bool = True


@dataclass(frozen=True)
class DateInput:
    """A date, answered as YYYY-MM-DD."""

    id: str
    label: str
    initial: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class TimeInput:
    """A time of day, answered as HH:MM."""

    id: str
    label: str
    initial: str | None = None
    optional: bool = False


# What a text box takes unless its form chooses otherwise: a few paragraphs, more than a
# chat answer needs. Each platform's renderer fits it to what that platform allows.
LONGEST_ANSWER = 3000


@dataclass(frozen=True)
class TextInput:
    id: str
    label: str
    multiline: bool = False
    max_length: int = LONGEST_ANSWER
    placeholder: str = ""
    optional: bool = False
    initial: str | None = None


Input = Checkboxes | RadioButtons | Select | DateInput | TimeInput | TextInput

# What a person submitted: each input's id with the values chosen or the text typed.
Answers = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Form:
    """Something to fill in and submit: a dialog, or text to fill in where there are none.

    `callback` names the form when it comes back; `state` travels with it unchanged.
    `text` tells people on a platform that cannot show forms what to do instead.
    """

    title: str
    callback: str
    submit: str
    blocks: tuple[Block | Input, ...]
    text: str
    state: str = ""
    close: str = "Cancel"

    @property
    def inputs(self) -> tuple[Input, ...]:
        return tuple(
            b
            for b in self.blocks
            if isinstance(b, Checkboxes | RadioButtons | Select | DateInput | TimeInput | TextInput)
        )


def plain(text: str) -> Message:
    """A message of one paragraph, which is its own fallback text."""
    return Message(text, (Paragraph(text),))
