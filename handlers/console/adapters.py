"""The console's stand-ins for a chat platform: a roster of people and a printer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.core.messages import Message
from bot.core.model import Delivery
from bot.core.outgoing import AddressKind, Attachment, Links
from bot.core.ports import Profile
from handlers.console.files import preview
from handlers.console.render import render

PLATFORM = "console"


class ConsoleDirectory:
    """The people of the console's pretend workspace, by handle."""

    def __init__(self) -> None:
        self.people: dict[str, Profile] = {}
        self.channels: dict[str, set[str]] = {}

    def add(self, handle: str, name: str) -> None:
        self.people[handle] = Profile(display_name=name, time_zone="Europe/London")

    def join(self, channel: str, handle: str) -> None:
        self.channels.setdefault(channel, set()).add(handle)

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        return self.people.get(platform_user_id)

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        return platform_user_id in self.channels.get(channel, set())

    def name(self, handle: str) -> str:
        profile = self.people.get(handle)
        return profile.display_name if profile else handle


class ConsoleInbox:
    """What the console has shown, for the shell's :press, :show and :save."""

    def __init__(self) -> None:
        # Each person's messages, and every channel's (whatever its name's case or #,
        # everyone in the console sees every channel), newest last.
        self.people: dict[str, list[Message]] = {}
        self.channels: list[Message] = []
        # Every file sent, in order: file N is files[N - 1].
        self.files: list[Attachment] = []
        # While set (as time moves on), each message shows the moment it is sent.
        self.stamp: Callable[[], str] | None = None

    def seen_by(self, handle: str) -> list[Message]:
        """The channels' messages, then the person's own, each oldest first."""
        return [*self.channels, *self.people.get(handle, [])]

    def clear(self) -> None:
        """Forget everything shown, when the console starts over."""
        self.people.clear()
        self.channels.clear()
        self.files.clear()


class ConsoleSender:
    """Prints every delivery with its recipient, as the chat platform would show it."""

    platform = PLATFORM

    def __init__(self, directory: ConsoleDirectory, write: Callable[[str], None]) -> None:
        self._directory = directory
        self._write = write
        self._sent = 0
        self.inbox = ConsoleInbox()

    async def send(self, delivery: Delivery, links: Links) -> str:
        outgoing = delivery.outgoing
        recipient, message = outgoing.to.id, outgoing.message
        if outgoing.to.kind is AddressKind.CHANNEL:
            where = f"#{recipient.removeprefix('#')}"
            self.inbox.channels.append(message)
        else:
            where = self._directory.name(recipient)
            self.inbox.people.setdefault(recipient, []).append(message)
        if links.replace_ref is not None:
            where += ", updating the earlier message"
        elif links.thread_ref is not None:
            where += ", in the thread"
        when = f"[{self.inbox.stamp()}] " if self.inbox.stamp else ""
        self._write(f"{when}--> message to {where}:\n{_indent(render(message))}")
        if outgoing.attachment is not None:
            self.inbox.files.append(outgoing.attachment)
            self._write(preview(len(self.inbox.files), outgoing.attachment))
        self._sent += 1
        return f"console-{self._sent}"

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        """The console prints every message it is given: no answer is ever lost."""
        return None


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
