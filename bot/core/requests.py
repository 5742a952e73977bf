"""Neutral requests: what people did on any platform, as the core understands it.

Each platform's adapter turns its traffic into one of these, with people and channels
already resolved to neutral references, and hands it to the registry
(`bot/core/usecases/registry.py`), which runs the use case that answers it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from bot.core.messages import Answers, Message
from bot.core.model import Actor
from bot.core.outgoing import Address
from bot.core.platforms import CommandName


@dataclass(frozen=True)
class Mention:
    """A person named in what was typed: a platform id when the platform gave one, else
    the name as typed."""

    user_id: str | None = None
    name: str | None = None

    @property
    def handle(self) -> str:
        """What to look the user up by: the platform id, else the name typed."""
        return self.user_id or self.name or ""


@dataclass(frozen=True)
class ChannelMention:
    """A channel named in what was typed: its platform id, or the name as typed."""

    channel_id: str | None = None
    name: str | None = None

    @property
    def handle(self) -> str:
        return self.channel_id or self.name or ""


# One word of a command: plain text, or a person or channel the platform resolved.
Word = str | Mention | ChannelMention


@dataclass(frozen=True)
class RunCommand:
    """A command with the words after its name.

    `text` is everything after the name as plain text, kept as written (a question);
    `words` is the same split into words, with mentions resolved.
    """

    actor: Actor
    command: CommandName
    text: str
    words: tuple[Word, ...]
    # Where it was typed: a channel id, or None for a direct message or a private place.
    # A platform without private replies gets the answer in a direct message instead.
    in_channel: str | None = None
    # False where there is no place to answer (a menu item): the answer comes as a
    # direct message.
    answer_in_place: bool = True
    # The platform's id for this request, if it has one, so a repeat answers once.
    request_id: str = ""


@dataclass(frozen=True)
class PressButton:
    actor: Actor
    action: str
    value: str
    in_channel: str | None = None
    answer_in_place: bool = True
    request_id: str = ""


@dataclass(frozen=True)
class CheckForm:
    """A filled-in form, to be checked before it is accepted."""

    actor: Actor
    form: str
    answers: Answers


@dataclass(frozen=True)
class SubmitForm:
    """A filled-in form that passed its checks. `state` is what the form carried along;
    `submission_id` is the platform's id for this one submission, so a repeat does nothing."""

    actor: Actor
    form: str
    state: str
    answers: Answers
    submission_id: str


@dataclass(frozen=True)
class DirectMessage:
    """Words written to the bot in a one-to-one conversation, outside any thread."""

    actor: Actor
    text: str
    event_id: str


@dataclass(frozen=True)
class ThreadReply:
    """A message in a thread: `thread` and `message` are the platform's references of the
    thread's first message and of this one."""

    actor: Actor
    thread: str
    message: str
    text: str
    event_id: str
    # The thread is in the person's direct messages with the bot, not in a channel.
    in_direct_messages: bool


@dataclass(frozen=True)
class ReplyToQuestion:
    """A reply to a question named by its reference (Q-12), for a platform or a place
    without threads; `message` is the platform's reference of what was written."""

    actor: Actor
    question: str
    text: str
    message: str


@dataclass(frozen=True)
class MessageEdited:
    """A person changed a message they wrote; `edited` tells this change from others."""

    actor: Actor
    message: str
    text: str
    edited: str
    event_id: str


@dataclass(frozen=True)
class Mentioned:
    """The bot was named in a channel; the answer goes in `thread` of `channel`."""

    actor: Actor
    channel: str
    thread: str
    event_id: str


@dataclass(frozen=True)
class ConversationSeen:
    """A person or channel wrote to the bot, or installed it: `reference` is how the
    platform lets the bot write there first (a conversation reference)."""

    address: Address
    reference: Mapping[str, object]
    # Seen only in a team's roster: kept where the bot has no better way to write to them.
    from_roster: bool = False


@dataclass(frozen=True)
class OpenHome:
    """The person opened the bot's own page (a platform's home view); `show` puts the
    page there. It is shown once per event: a failure to show it is retried."""

    actor: Actor
    event_id: str
    show: Callable[[Message], Awaitable[None]]


@dataclass(frozen=True)
class MessageArrived:
    """The platform says a message the bot posted arrived: the one carrying outbox
    delivery `key`, known there by `ref`."""

    platform: str
    key: str
    ref: str


Request = (
    RunCommand
    | PressButton
    | CheckForm
    | SubmitForm
    | DirectMessage
    | ThreadReply
    | ReplyToQuestion
    | MessageEdited
    | Mentioned
    | ConversationSeen
    | OpenHome
    | MessageArrived
)
