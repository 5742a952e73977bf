"""A platform directory of users and channel members, set up by the test."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.ports import Directory, Profile, RetryLater


@dataclass
class FakeDirectory:
    """Knows the users it was given; anyone else is no such user."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    channels: dict[str, set[str]] = field(default_factory=dict)
    down: bool = False  # the platform cannot answer now: every call raises RetryLater
    looked_up: list[str] = field(default_factory=list)

    def add(self, user_id: str, name: str, time_zone: str | None = "Europe/London") -> None:
        self.profiles[user_id] = Profile(name, time_zone)

    def join(self, channel: str, user_id: str) -> None:
        self.channels.setdefault(channel, set()).add(user_id)

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        self.looked_up.append(platform_user_id)
        if self.down:
            raise RetryLater("the directory is not answering")
        return self.profiles.get(platform_user_id)

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        if self.down:
            raise RetryLater("the directory is not answering")
        return platform_user_id in self.channels.get(channel, set())


def _conforms(directory: FakeDirectory) -> Directory:
    """Never called: mypy checks here that the fake is the port."""
    return directory
