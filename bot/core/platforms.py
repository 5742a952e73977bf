"""What each chat platform declares about itself: how its people type commands, and
what it can show. The core reads these instead of assuming one platform's habits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class CommandName(StrEnum):
    """The bot's commands, whatever a platform calls them."""

    CHECKIN = "checkin"
    PROGRESS = "progress"
    COHORT = "cohort"
    ASK = "ask"


@dataclass(frozen=True)
class CommandNames:
    """Each command as people on one platform type it: a slash command, or a plain word."""

    checkin: str
    progress: str
    cohort: str
    ask: str

    @classmethod
    def typed_as_words(cls) -> CommandNames:
        """For a platform without slash commands: people type the command's name."""
        return cls(*(name.value for name in CommandName))

    def of(self, command: CommandName) -> str:
        return str(getattr(self, command.value))

    def command_for(self, typed: str) -> CommandName | None:
        """Which command a typed name is, if any (case does not matter)."""
        for command in CommandName:
            if self.of(command).lower() == typed.lower():
                return command
        return None


@dataclass(frozen=True)
class Capabilities:
    """What a platform can do. Where it cannot, the core picks the nearest thing."""

    # An answer in the conversation where the person typed, that only they can see.
    private_replies: bool = True
    # Replies gathered under a message in a one-to-one chat with the bot.
    threads_in_direct_messages: bool = True
    # A page of the bot's own that a person opens (the Home tab of a Slack app).
    home_view: bool = True
    # Files sent as attachments (a CSV, a calendar invitation, a chart).
    file_uploads: bool = True
    # Forms with fields that the person fills in and sends.
    forms: bool = True
    # Writing first to anyone in the workspace. Where False (Teams), the bot can write
    # only to people who installed or opened the app, and coordinators are told who.
    writes_first: bool = True


@dataclass(frozen=True)
class Platform:
    name: str
    names: CommandNames
    capabilities: Capabilities = Capabilities()
    # Where the bot cannot write first: how a coordinator gets someone within reach.
    reach_advice: str = "Ask them to open the app once."


@dataclass(frozen=True)
class Platforms:
    """Every platform this process serves, by name."""

    by_name: Mapping[str, Platform]

    @classmethod
    def of(cls, *platforms: Platform) -> Platforms:
        return cls({platform.name: platform for platform in platforms})

    def __getitem__(self, name: str) -> Platform:
        return self.by_name[name]

    def names(self, platform: str) -> CommandNames:
        return self.by_name[platform].names

    def can(self, platform: str) -> Capabilities:
        return self.by_name[platform].capabilities
