"""Sends outbox deliveries to Slack, and sorts Slack's errors into retry or give up."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Message
from bot.core.model import Delivery
from bot.core.ports import RetryLater, Undeliverable
from handlers.slack.files import upload_file
from handlers.slack.ids import message_ref, split_ref
from handlers.slack.pacing import Pacer
from handlers.slack.render import fallback_text, message_blocks

# Errors after which the same message can never arrive.
_UNREACHABLE = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "user_disabled",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "cannot_dm_bot",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "no_text",
    }
)


class SlackSender:
    """Posts messages as the bot, paced within Slack's limits; a DM is posted to the user id.

    Slack puts a message posted to a user id into the app's DM with them, so messages
    need no conversations.open (limited to 50 a minute); file uploads still do.
    """

    platform = "slack"

    def __init__(self, client: AsyncWebClient, pacer: Pacer) -> None:
        self._client = client
        self._pacer = pacer
        self._dm_channels: dict[str, str] = {}

    async def send(self, delivery: Delivery) -> str:
        message = Message.from_dict(delivery.payload)
        try:
            attachment = delivery.payload.get("file")
            if isinstance(attachment, dict):
                channel = await self._channel(delivery.recipient)
                comment = fallback_text(message)
                return await upload_file(self._client, channel, attachment, comment)
            await self._pacer.wait_turn(delivery.recipient)
            try:
                replaces = delivery.payload.get("replace_ref")
                if isinstance(replaces, str):
                    return await self._update(replaces, message)
                response = await self._client.chat_postMessage(
                    channel=delivery.recipient,
                    text=fallback_text(message),
                    blocks=message_blocks(message),
                    thread_ts=_thread_ts(delivery.payload),
                    reply_broadcast=bool(delivery.payload.get("broadcast")) or None,
                )
            finally:
                self._pacer.sent(delivery.recipient)
        except SlackApiError as error:
            problem = _classify(error)
            if isinstance(problem, RetryLater) and problem.after_seconds is not None:
                self._pacer.pause(problem.after_seconds)  # every message waits, not just this one
            raise problem from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RetryLater(f"connection problem: {type(error).__name__}") from error
        return message_ref(response["channel"], response["ts"])

    async def _update(self, ref: str, message: Message) -> str:
        """Change a message the bot posted before, in place."""
        channel, ts = split_ref(ref)
        await self._client.chat_update(
            channel=channel, ts=ts, text=fallback_text(message), blocks=message_blocks(message)
        )
        return ref

    async def _channel(self, recipient: str) -> str:
        """A channel id as is; for a user id, their DM channel, which file uploads need."""
        if not recipient.startswith(("U", "W")):
            return recipient
        if recipient not in self._dm_channels:
            opened = await self._client.conversations_open(users=recipient)
            self._dm_channels[recipient] = opened["channel"]["id"]
        return self._dm_channels[recipient]


def _thread_ts(payload: dict[str, object]) -> str | None:
    """The thread to post in: given as a ts, or as the reference of the message it starts at."""
    thread, parent = payload.get("thread"), payload.get("thread_ref")
    if isinstance(parent, str):
        return split_ref(parent)[1]
    return thread if isinstance(thread, str) else None


def _classify(error: SlackApiError) -> RetryLater | Undeliverable:
    status = error.response.status_code
    code = str(error.response.get("error", "")) if isinstance(error.response.data, dict) else ""
    if status == 429 or code == "ratelimited":
        retry_after = error.response.headers.get("Retry-After") or error.response.headers.get(
            "retry-after"
        )
        return RetryLater("rate limited", float(retry_after) if retry_after else None)
    if code in _UNREACHABLE:
        return Undeliverable(code)
    return RetryLater(code or f"HTTP {status}")
