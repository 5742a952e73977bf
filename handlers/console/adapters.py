"""The console's stand-ins for a chat platform: a roster of people and a printer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.core.messages import Message
from bot.core.model import Delivery
from bot.core.outgoing import AddressKind, Attachment, Links
from bot.core.ports import Profile
from bot.core.wording import plural
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


class ConsoleSender:
    """Prints every delivery with its recipient, as the chat platform would show it."""

    platform = PLATFORM

    def __init__(self, directory: ConsoleDirectory, write: Callable[[str], None]) -> None:
        self._directory = directory
        self._write = write
        self._sent = 0
        # Each person's messages, newest last, so the shell can press their buttons.
        self.inbox: dict[str, list[Message]] = {}

    async def send(self, delivery: Delivery, links: Links) -> str:
        outgoing = delivery.outgoing
        recipient, message = outgoing.to.id, outgoing.message
        channel = outgoing.to.kind is AddressKind.CHANNEL
        where = f"#{recipient}" if channel else self._directory.name(recipient)
        if links.replace_ref is not None:
            where += ", updating the earlier message"
        elif links.thread_ref is not None:
            where += ", in the thread"
        self._write(f"--> message to {where}:\n{_indent(render(message))}")
        self.inbox.setdefault(recipient, []).append(message)
        if outgoing.attachment is not None:
            self._write(_file_preview(outgoing.attachment))
        self._sent += 1
        return f"console-{self._sent}"

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        """The console prints every message it is given: no answer is ever lost."""
        return None


def _file_preview(attachment: Attachment, lines: int = 4) -> str:
    """The file's name and its first lines, as a chat client previews an attachment.

    A binary file (a chart) shows as one line: its name and what it is.
    """
    if isinstance(attachment.content, bytes):
        kind = "a PNG image" if attachment.name.endswith(".png") else "binary"
        return f"    [file {attachment.name}: {kind}]"
    content = attachment.content.removeprefix("\ufeff").splitlines()
    more = len(content) - lines
    shown = [*content[:lines], *([f"... and {plural(more, 'more line')}"] if more > 0 else [])]
    return f"    [file {attachment.name}]\n" + _indent("\n".join(shown))


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
