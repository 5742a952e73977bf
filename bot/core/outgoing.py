"""What the bot sends: a neutral message, the address it goes to, and how it hangs
together with earlier messages (in a thread, replacing one, with a file).

An `Outgoing` is kept in the outbox as versioned JSON (`to_json`), so a row written by
an older bot is either read correctly or refused with a clear error, never guessed at.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.messages import Message

VERSION = 1
BASE64 = "base64"


class AddressKind(StrEnum):
    PERSON = "person"  # a direct message to one person
    CHANNEL = "channel"  # a channel (or a group chat)


@dataclass(frozen=True)
class Address:
    """Where a message goes: a person or a channel, by the id its platform gives it."""

    platform: str
    kind: AddressKind
    id: str

    @classmethod
    def person(cls, platform: str, id: str) -> Address:
        return cls(platform, AddressKind.PERSON, id)

    @classmethod
    def channel(cls, platform: str, id: str) -> Address:
        return cls(platform, AddressKind.CHANNEL, id)

    def to_json(self) -> dict[str, object]:
        return {"platform": self.platform, "kind": self.kind.value, "id": self.id}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Address:
        return cls(str(data["platform"]), AddressKind(str(data["kind"])), str(data["id"]))


@dataclass(frozen=True)
class ConversationReference:
    """What a platform needs to write to an address first (a conversation reference),
    as the platform gave it, and when the bot last heard from there."""

    address: Address
    reference: Mapping[str, object]
    last_seen: datetime


@dataclass(frozen=True)
class Attachment:
    """A file that travels with a message: text (a CSV, an invite) or bytes (a chart)."""

    name: str
    title: str
    content: str | bytes

    @classmethod
    def text(cls, name: str, content: str, title: str | None = None) -> Attachment:
        return cls(name, title or name, content)

    @classmethod
    def binary(cls, name: str, content: bytes, title: str | None = None) -> Attachment:
        return cls(name, title or name, content)

    @property
    def is_binary(self) -> bool:
        return isinstance(self.content, bytes)

    def to_json(self) -> dict[str, object]:
        """Text as it is; bytes as base64 with `"encoding": "base64"`, since JSON has no bytes."""
        if isinstance(self.content, bytes):
            encoded = base64.b64encode(self.content).decode("ascii")
            return {"name": self.name, "title": self.title, "content": encoded, "encoding": BASE64}
        return {"name": self.name, "title": self.title, "content": self.content}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Attachment:
        """Raises ValueError if a binary file's content is not valid base64.

        A file whose content was dropped after sending comes back empty.
        """
        name = str(data["name"])
        title = str(data.get("title") or name)
        content = str(data.get("content", ""))
        if data.get("encoding") != BASE64:
            return cls(name, title, content)
        try:
            return cls(name, title, base64.b64decode(content, validate=True))
        except binascii.Error as error:
            raise ValueError(f"file {name!r} is not valid base64") from error


@dataclass(frozen=True)
class Outgoing:
    """A message on its way, and where it goes."""

    message: Message
    to: Address
    # The key of the delivery whose thread this goes in.
    under: str | None = None
    # The platform's reference of a message a person wrote, whose thread this goes in
    # (the answer to a mention goes under the mention).
    in_thread: str | None = None
    # The key of the delivery this updates in place.
    replaces: str | None = None
    # A reply in a thread that is also shown in the channel.
    also_to_channel: bool = False
    attachment: Attachment | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "v": VERSION,
            "to": self.to.to_json(),
            "message": self.message.to_dict(),
        }
        for name in ("under", "in_thread", "replaces"):
            if (value := getattr(self, name)) is not None:
                data[name] = value
        if self.also_to_channel:
            data["also_to_channel"] = True
        if self.attachment is not None:
            data["attachment"] = self.attachment.to_json()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Outgoing:
        """Raises ValueError for a form this bot does not know."""
        if data.get("v") != VERSION:
            raise ValueError(
                f"outgoing message in form {data.get('v')!r}; this bot reads form {VERSION}"
            )
        to, message, attachment = data["to"], data["message"], data.get("attachment")
        assert isinstance(to, Mapping) and isinstance(message, dict)
        assert attachment is None or isinstance(attachment, Mapping)
        return cls(
            Message.from_dict(message),
            Address.from_json(to),
            under=_text(data.get("under")),
            in_thread=_text(data.get("in_thread")),
            replaces=_text(data.get("replaces")),
            also_to_channel=bool(data.get("also_to_channel")),
            attachment=None if attachment is None else Attachment.from_json(attachment),
        )


@dataclass(frozen=True)
class Links:
    """The platform references of the deliveries an outgoing message names by key,
    looked up by the outbox just before it is sent."""

    thread_ref: str | None = None  # the message whose thread it goes in
    replace_ref: str | None = None  # the message it updates


def _text(value: object) -> str | None:
    return None if value is None else str(value)
