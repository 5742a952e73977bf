"""What a person typed in Teams, as the core reads it: a command with its words, or prose.

Teams sends text with the bot's own mention already removed; other people appear as
`<at>Name</at>` with a mention entity saying who each one is. They become `Mention`
words, and plain text shows them as "@Name", so nothing the bot repeats can mention
anyone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.platforms import CommandName, CommandNames
from bot.core.requests import ChannelMention, Mention, Word

HELP = "help"
# A channel mentioned in a message has the channel's conversation id, as "19:…@thread…".
CHANNEL = "19:"
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Named:
    """A person mentioned in a message: the `<at>…</at>` text and who it is."""

    text: str
    user_id: str
    name: str


@dataclass(frozen=True)
class Typed:
    """A command typed as words: which command, the rest as text, and as words."""

    command: CommandName
    text: str
    words: tuple[Word, ...]


def plain(text: str, named: Sequence[Named]) -> str:
    """The message as plain text: mentions as @Name, any other markup dropped."""
    for person in named:
        text = text.replace(person.text, f"@{person.name}")
    return html.unescape(_TAG.sub("", text)).strip()


def read_command(text: str, named: Sequence[Named], names: CommandNames) -> Typed | None:
    """The command this message types, if it starts with one ("checkin 3", "/progress",
    "help"); None for anything else, which is prose for the core."""
    marked, people = _mark(text, named)
    first, _, rest = html.unescape(_TAG.sub("", marked)).strip().partition(" ")
    word = first.lower().removeprefix("/")
    command = names.command_for(word)
    if word == HELP:
        command, rest = CommandName.PROGRESS, f"{HELP} {rest}".strip()
    if command is None:
        return None
    words = tuple(people.get(w, w) for w in rest.split())
    shown = rest
    for marker, person in people.items():
        shown = shown.replace(marker, f"@{person.name}")
    return Typed(command, shown.strip(), words)


def _mark(text: str, named: Sequence[Named]) -> tuple[str, dict[str, Mention | ChannelMention]]:
    """The text with each mention replaced by a marker word, and what each marker is: a
    person, or a channel (Teams lets people mention a channel of the team by name)."""
    people: dict[str, Mention | ChannelMention] = {}
    for number, person in enumerate(named):
        marker = f"\x00{number}\x00"
        people[marker] = (
            ChannelMention(channel_id=person.user_id, name=person.name)
            if person.user_id.startswith(CHANNEL)
            else Mention(user_id=person.user_id, name=person.name)
        )
        text = text.replace(person.text, f" {marker} ")
    return text, people
