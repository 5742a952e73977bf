"""Find a message the bot may have posted already, by the delivery key it carries.

Every message the bot posts carries its outbox delivery key in Slack message metadata.
When an attempt's answer was lost, the outbox asks here before sending again: the
conversation's history since that attempt (a thread's replies, for a reply) shows
whether the message arrived. Files carry no metadata; a file is known by its name
among those the bot shared since then.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.model import Delivery

EVENT_TYPE = "facilitator_delivery"
# Slack's clock and ours may differ a little: look back a minute further.
CLOCK_MARGIN = timedelta(minutes=1)
# History is read newest first a page at a time; a conversation rarely holds more than a
# few of the bot's messages in the minutes an attempt can be unsure about.
PAGE_SIZE = 100
MAX_PAGES = 10


def metadata(delivery: Delivery) -> dict[str, Any]:
    """What the bot puts on each message it posts, to know it again."""
    return {"event_type": EVENT_TYPE, "event_payload": {"delivery": delivery.key}}


async def find_posted(
    client: AsyncWebClient,
    channel: str,
    delivery: Delivery,
    since: datetime,
    thread_ts: str | None,
) -> str | None:
    """The ts of the bot's message carrying `delivery`'s key, posted since `since`."""
    async for message in _messages(client, channel, since, thread_ts):
        if _carries(message, delivery.key):
            return str(message["ts"])
    return None


async def find_shared_file(
    client: AsyncWebClient, channel: str, name: str, since: datetime
) -> str | None:
    """The id of a file called `name` that the bot shared in `channel` since `since`."""
    async for message in _messages(client, channel, since, None):
        for file in message.get("files") or ():
            if file.get("name") == name and message.get("bot_id"):
                return str(file["id"])
    return None


async def _messages(
    client: AsyncWebClient, channel: str, since: datetime, thread_ts: str | None
) -> AsyncIterator[dict[str, Any]]:
    oldest = f"{(since - CLOCK_MARGIN).timestamp():.6f}"
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        if thread_ts is None:
            page = await client.conversations_history(
                channel=channel,
                oldest=oldest,
                limit=PAGE_SIZE,
                cursor=cursor,
                include_all_metadata=True,
            )
        else:
            page = await client.conversations_replies(
                channel=channel,
                ts=thread_ts,
                oldest=oldest,
                limit=PAGE_SIZE,
                cursor=cursor,
                include_all_metadata=True,
            )
        for message in page.get("messages") or ():
            yield message
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def _carries(message: dict[str, Any], key: str) -> bool:
    found = message.get("metadata") or {}
    payload = found.get("event_payload") or {}
    return found.get("event_type") == EVENT_TYPE and payload.get("delivery") == key
