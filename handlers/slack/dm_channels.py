"""Where the bot's DM with each person is, to look in it or upload a file to it.

Messages to a person are posted to their user id, and Slack's answer names the DM: that
is remembered. A look into a DM whose posts all lost their answers has no such answer.
Asking `conversations.open` for each of those meets its limit (Tier 3, about 50 a minute)
when many answers are lost at once; `users.conversations` lists 999 of the bot's DMs a
call (the same tier), so one listing serves every look waiting for one. A listing is made
only when none has begun since the person's last post ended, and at most every few
seconds; a look that needs one sooner waits (RateLimited: the delivery waits without
using a try). Slack makes the DM when the bot first posts to a person, so someone not in
a listing begun after every post to them ended has been sent nothing, and there is no
history to read. (A listing begun while a post was still on its way could miss the DM
that post made: hence "ended", not "went".) An app installed before it asked for
`im:read` cannot list: it finds each DM with `conversations.open` instead, slower when
many answers are lost at once, but it still looks before it sends again.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.ports import RateLimited

logger = logging.getLogger(__name__)

PAGE_SIZE = 999  # the most users.conversations gives in a page
# Listings of a workspace's thousands of DMs take a few calls each: one every 5 seconds at
# most keeps them well within the tier's 50 a minute.
LIST_EVERY = 5.0


class DmChannels:
    def __init__(self, client: AsyncWebClient, now: Callable[[], float]) -> None:
        self._client = client
        self._now = now  # monotonic seconds (the pacer's clock)
        self._known: dict[str, str] = {}
        self._posted_at: dict[str, float] = {}  # when a post to each person last ended
        self._listing = asyncio.Lock()
        self._list_began = -math.inf  # the newest listing, complete or not
        self._listed_at = -math.inf  # the newest complete listing
        self._can_list = True  # until Slack says the app lacks im:read

    def posted(self, user: str) -> None:
        """A post to `user` has just ended, however: only a listing begun after this shows
        the DM it may have made."""
        self._posted_at[user] = self._now()

    def remember(self, user: str, channel: str) -> None:
        self._known[user] = channel

    async def to_look_in(self, user: str) -> str | None:
        """The DM with `user`, known or listed; None if there is none, so nothing was ever
        posted to them (before this process started, or since, as far as it knows)."""
        if user not in self._known and self._can_list:
            await self._list_since(self._posted_at.get(user, -math.inf))
        if user not in self._known and not self._can_list:
            return await self.open(user)
        return self._known.get(user)

    async def open(self, user: str) -> str:
        """The DM with `user`, made if there is none (file uploads need one)."""
        if user not in self._known:
            opened = await self._client.conversations_open(users=user)
            self._known[user] = opened["channel"]["id"]
        return self._known[user]

    async def _list_since(self, moment: float) -> None:
        """List the bot's DMs, unless a listing begun after `moment` has already."""
        async with self._listing:
            if self._listed_at > moment:
                return
            wait = self._list_began + LIST_EVERY - self._now()
            if wait > 0:
                raise RateLimited("waiting to list the bot's DMs", wait)
            began = self._list_began = self._now()
            cursor: str | None = None
            while True:
                try:
                    page = await self._client.users_conversations(
                        types="im", limit=PAGE_SIZE, cursor=cursor
                    )
                except SlackApiError as refused:
                    if refused.response.get("error") != "missing_scope":
                        raise
                    logger.warning(
                        "the app lacks the im:read scope: reinstall it from manifest.yml; "
                        "until then each DM is found with conversations.open"
                    )
                    self._can_list = False
                    return
                for dm in page.get("channels") or ():
                    if dm.get("user"):
                        self._known[str(dm["user"])] = str(dm["id"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
            self._listed_at = began
