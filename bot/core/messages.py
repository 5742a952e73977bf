"""Neutral messages that every platform renders in its own way.

Text in these objects is plain text: renderers escape it for their platform,
so nothing a user typed can turn into a mention or markup.
"""

from __future__ import annotations

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


Block = Heading | Paragraph | Fields | ProgressBar | Item | Actions | Context | Divider

_BLOCK_TYPES: dict[str, type[Block]] = {
    cls.__name__: cls
    for cls in (Heading, Paragraph, Fields, ProgressBar, Item, Actions, Context, Divider)
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
