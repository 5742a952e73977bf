"""The fake workspace: who exists, what the bot posted, and how Slack numbers things."""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

JSON = dict[str, Any]


@dataclass(frozen=True)
class Identity:
    """The workspace, app and bot user that every payload and answer agrees on."""

    team_id: str = "T0TEAM0001"
    team_domain: str = "leadership-programme"
    team_name: str = "Leadership Programme"
    app_id: str = "A0APP00001"
    bot_user_id: str = "U0BOT00001"
    bot_id: str = "B0BOT00001"
    bot_name: str = "facilitator"
    verification_token: str = "legacy-verification-token"


@dataclass
class FakeUser:
    id: str
    name: str
    real_name: str
    display_name: str
    email: str
    tz: str = "Europe/London"
    deleted: bool = False
    is_bot: bool = False

    def to_slack(self, team_id: str) -> JSON:
        """The user object as users.info returns it."""
        now = datetime.now(ZoneInfo(self.tz))
        offset = now.utcoffset()
        profile = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
            "email": self.email,
            "team": team_id,
        }
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": now.tzname(),
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "is_bot": self.is_bot,
            "is_admin": False,
            "is_owner": False,
            "is_app_user": False,
            "updated": 1700000000,
            "profile": profile,
        }


@dataclass
class FakeWorkspace:
    """State shared by the fake Web API and the fake Slack client."""

    identity: Identity = field(default_factory=Identity)
    origin: str = ""
    users: dict[str, FakeUser] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    private_channels: set[str] = field(default_factory=set)
    messages: dict[tuple[str, str], JSON] = field(default_factory=dict)
    ephemeral: list[JSON] = field(default_factory=list)
    views: dict[str, JSON] = field(default_factory=dict)
    home_views: dict[str, str] = field(default_factory=dict)
    modals: dict[str, str] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, JSON] = field(default_factory=dict)
    shared_files: list[JSON] = field(default_factory=list)
    # The bot's DMs that exist: Slack makes one when the bot first posts to a person or
    # opens a conversation with them.
    dms: set[str] = field(default_factory=set)
    page_limit: int = 1000  # most items a paginated answer holds; lower it to force paging
    # Slack's clock, which message timestamps come from: a test on a moved clock sets it.
    now: Callable[[], float] = time.time
    _last_ts: int = 0  # microseconds of the newest timestamp handed out
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        bot = self.identity
        self.add_user(bot.bot_user_id, bot.bot_name, is_bot=True)

    def add_user(
        self,
        id: str,
        name: str,
        *,
        tz: str = "Europe/London",
        deleted: bool = False,
        display_name: str | None = None,
        email: str | None = None,
        is_bot: bool = False,
    ) -> FakeUser:
        """Register a person; `name` is their full name, the handle is derived from it."""
        handle = name.lower().replace(" ", ".")
        user = FakeUser(
            id=id,
            name=handle,
            real_name=name,
            display_name=name if display_name is None else display_name,
            email=email or f"{handle}@example.org",
            tz=tz,
            deleted=deleted,
            is_bot=is_bot,
        )
        self.users[id] = user
        return user

    def add_channel(
        self, id: str, name: str, members: Iterable[str] = (), *, private: bool = False
    ) -> None:
        """Register a channel with its `members`; the bot is a member too, as it must be to
        hear messages there. `private` (or an id starting with G) makes it a private channel."""
        self.channels[id] = name
        if private:
            self.private_channels.add(id)
        self.add_member(id, self.identity.bot_user_id)
        for user_id in members:
            self.add_member(id, user_id)

    def add_member(self, channel_id: str, user_id: str) -> None:
        """Someone joins a channel (once; joining again changes nothing)."""
        joined = self.members.setdefault(channel_id, [])
        if user_id not in joined:
            joined.append(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        """Someone leaves a channel (the bot too, if a test removes it)."""
        if user_id in self.members.get(channel_id, []):
            self.members[channel_id].remove(user_id)

    def members_of(self, channel_id: str) -> list[str] | None:
        """Who is in a channel (a DM: the person and the bot); None for an unknown channel."""
        if channel_id in self.channels:
            return list(self.members.get(channel_id, []))
        if channel_id.startswith("D") and channel_id[1:] in self.users:
            return [channel_id[1:], self.identity.bot_user_id]
        return None

    def is_private(self, channel_id: str) -> bool:
        return channel_id in self.private_channels or channel_id.startswith("G")

    def next_number(self) -> int:
        return next(self._counter)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{self.next_number():09d}"

    def next_ts(self) -> str:
        """Message timestamps as Slack makes them: the time of posting, shaped like
        "1700000000.000100", unique and increasing."""
        self._last_ts = max(int(self.now() * 1_000_000), self._last_ts + 1)
        return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def issue_trigger(self, user_id: str) -> str:
        """A trigger_id the way Slack hands one out with each interaction."""
        trigger_id = f"{self.next_number()}.{self.identity.team_id}.trigger"
        self.triggers[trigger_id] = user_id
        return trigger_id

    def resolve_channel(self, channel: object) -> str | None:
        """Channel id a post lands in: known channels, DMs with known users, or a user id."""
        if not isinstance(channel, str) or not channel:
            return None
        if channel in self.channels:
            return channel
        if channel.startswith("D") and channel[1:] in self.users:
            return channel
        if channel[:1] in ("U", "W") and channel in self.users:
            return "D" + channel
        return None

    def record_message(self, channel: str, message: JSON) -> JSON:
        """Keep a message posted in `channel` (by the bot or a person), as Slack keeps history.

        A reply (`thread_ts` other than its own ts) gets the parent's author as
        `parent_user_id`, and the parent gets Slack's thread fields: `thread_ts`,
        `reply_count`, `reply_users`, `reply_users_count` and `latest_reply`.
        """
        stored = {**message, "channel": channel}
        if channel.startswith("D"):
            self.dms.add(channel)
        thread_ts = stored.get("thread_ts")
        parent = self.messages.get((channel, thread_ts)) if thread_ts else None
        if parent is not None and thread_ts != stored["ts"]:
            if "user" in parent:
                stored.setdefault("parent_user_id", parent["user"])
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = parent.get("reply_count", 0) + 1
            repliers = parent.setdefault("reply_users", [])
            if stored.get("user") and stored["user"] not in repliers:
                repliers.append(stored["user"])
            parent["reply_users_count"] = len(repliers)
            parent["latest_reply"] = stored["ts"]
        self.messages[(channel, stored["ts"])] = stored
        return stored

    def messages_in(
        self, channel: str, *, everyone: bool = False, uploads: bool = False
    ) -> list[JSON]:
        """The bot's messages currently in a channel (after updates and deletions), oldest
        first; with `everyone`, people's messages as well. Thread replies are included;
        the messages that show shared files only with `uploads` (tests read those from
        `shared_files`)."""
        bot = self.identity.bot_user_id
        found = [
            m
            for (where, _), m in self.messages.items()
            if where == channel
            and (everyone or m.get("user") == bot)
            and (uploads or not m.get("upload"))
        ]
        return sorted(found, key=lambda m: float(m["ts"]))

    def thread(self, channel: str, thread_ts: str) -> list[JSON]:
        """A thread as conversations.replies gives it: the parent, then every reply, oldest
        first, whoever wrote them."""
        return [
            m
            for m in self.messages_in(channel, everyone=True)
            if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts
        ]

    def permalink(self, channel: str, ts: str) -> str:
        """A message's permalink; a thread reply's names its thread, as Slack's do."""
        link = f"https://{self.identity.team_domain}.slack.com/archives/{channel}/p"
        link += ts.replace(".", "")
        thread_ts = self.messages.get((channel, ts), {}).get("thread_ts")
        if thread_ts and thread_ts != ts:
            link += f"?thread_ts={thread_ts}&cid={channel}"
        return link

    def home_view(self, user_id: str) -> JSON | None:
        view_id = self.home_views.get(user_id)
        return self.views.get(view_id) if view_id else None

    def open_modal(self, user_id: str) -> JSON | None:
        view_id = self.modals.get(user_id)
        return self.views.get(view_id) if view_id else None

    def shown_to(
        self, user_id: str, channel_id: str | None, ts: str | None, view_id: str | None
    ) -> tuple[JSON | None, JSON | None]:
        """(message, view) a person sees: a message by ts, a view by id, else their Home tab."""
        if ts is not None:
            channel = channel_id or "D" + user_id
            shown = [m for m in self.ephemeral if m["ts"] == ts and m["to"] == user_id]
            message = self.messages.get((channel, ts)) or (shown[0] if shown else None)
            assert message is not None, f"no message {ts} in {channel} for {user_id}"
            return message, None
        view = self.views.get(view_id) if view_id else self.home_view(user_id)
        assert view is not None, f"no view {view_id or 'in the Home tab'} for {user_id}"
        return None, view


def with_block_ids(blocks: object) -> list[JSON]:
    """Copy blocks, giving each a block_id when the sender left it out, as Slack does."""
    if not isinstance(blocks, list):
        return []
    filled = copy.deepcopy(blocks)
    for index, block in enumerate(filled):
        if isinstance(block, dict):
            block.setdefault("block_id", f"fake{index}")
    return filled
