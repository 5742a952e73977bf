"""Looks Slack users up for the core."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.ports import FoundUser, Profile, RetryLater

# How long a channel's member list is trusted before it is asked for again.
MEMBERS_FRESH_FOR = 60.0
_NO_SUCH_USER = frozenset({"user_not_found", "users_not_found"})


class SlackDirectory:
    def __init__(self, client: AsyncWebClient, now: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._now = now
        self._members: dict[str, tuple[float, frozenset[str]]] = {}

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        """Whether the user is in the channel, from a member list kept for a minute."""
        kept = self._members.get(channel)
        if kept is None or self._now() - kept[0] > MEMBERS_FRESH_FOR:
            kept = (self._now(), await self._list_members(channel))
            self._members[channel] = kept
        return platform_user_id in kept[1]

    async def _list_members(self, channel: str) -> frozenset[str]:
        members: set[str] = set()
        cursor: str | None = None
        try:
            while True:
                page = await self._client.conversations_members(
                    channel=channel, limit=1000, cursor=cursor
                )
                members.update(page.get("members", []))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return frozenset(members)
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":
                return frozenset()
            raise _retry_later("conversations.members", error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise _retry_later("conversations.members", error) from error

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        """The user's display name and time zone; None for unknown or deactivated users."""
        try:
            response = await self._client.users_info(user=platform_user_id)
        except SlackApiError as error:
            if error.response.get("error") in _NO_SUCH_USER:
                return None
            raise _retry_later("users.info", error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise _retry_later("users.info", error) from error
        return _profile(response["user"])

    async def find_by_email(self, email: str) -> FoundUser | None:
        """The workspace member with this email (users.lookupByEmail, users:read.email
        scope); None for an unknown email or a deactivated account."""
        try:
            response = await self._client.users_lookupByEmail(email=email)
        except SlackApiError as error:
            if error.response.get("error") in _NO_SUCH_USER:
                return None
            raise _retry_later("users.lookupByEmail", error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise _retry_later("users.lookupByEmail", error) from error
        user = response["user"]
        profile = _profile(user)
        return None if profile is None else FoundUser(user["id"], profile)


def _retry_later(method: str, error: Exception) -> RetryLater:
    """Slack could not answer now: worth asking again later."""
    if isinstance(error, SlackApiError):
        return RetryLater(f"{method}: {error.response.get('error')}")
    return RetryLater(f"{method}: {type(error).__name__}")


def _profile(user: dict[str, Any]) -> Profile | None:
    """The display name and time zone of a users.info or users.lookupByEmail user."""
    if user.get("deleted"):
        return None
    profile = user.get("profile", {})
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user["name"]
    )
    return Profile(display_name=name, time_zone=user.get("tz"))
