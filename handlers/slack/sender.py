"""Sends outbox deliveries to Slack, and sorts Slack's errors into retry or give up."""

from __future__ import annotations

import math
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Message
from bot.core.model import Delivery
from bot.core.outgoing import Links, Outgoing
from bot.core.pacing import Pacer
from bot.core.ports import OutcomeUnknown, RateLimited, RetryLater, Undeliverable
from handlers.slack.dm_channels import DmChannels
from handlers.slack.files import upload_file
from handlers.slack.history import find_posted, find_shared_file, metadata
from handlers.slack.ids import message_ref, split_ref
from handlers.slack.render import fallback_text, message_blocks

# Slack's documented limit: about one message a second per channel.
CHANNEL_INTERVAL = 1.0
# Seconds within which Slack's message_metadata_posted event usually says a post arrived
# (handlers/slack/events/arrivals.py): a post whose answer was lost is tried again no
# sooner, so that one that arrived is known without reading history.
HEARD_WITHIN = 5.0

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
# Errors Slack gives when it failed part way: the message may have been posted.
_MAYBE_POSTED = frozenset({"internal_error", "fatal_error", "service_unavailable"})
# Slack's "the POST data was either missing or truncated": it never read the message, so
# nothing was posted, whatever the HTTP status.
_NOT_READ = frozenset({"request_timeout"})


class SlackSender:
    """Posts messages as the bot, paced within Slack's limits; a DM is posted to the user id.

    Slack puts a message posted to a user id into the app's DM with them, so messages
    need no conversations.open (limited to 50 a minute); file uploads still do.

    Its client must not retry by itself: a retried post whose first answer was lost
    posts twice. The outbox retries, and looks first when a post may have arrived.
    """

    platform = "slack"

    def __init__(self, client: AsyncWebClient, pacer: Pacer) -> None:
        self._client = client
        self._pacer = pacer
        self._dms = DmChannels(client, pacer.now)
        # Until when looks wait after Slack refused one (its reading methods are Tier 3,
        # about 50 a minute): the others wait too, rather than each meet its own 429.
        self._looks_wait_until = -math.inf

    async def send(self, delivery: Delivery, links: Links) -> str:
        outgoing = delivery.outgoing
        message, recipient = outgoing.message, outgoing.to.id
        try:
            if outgoing.attachment is not None:
                channel = await self._channel(recipient)
                comment = fallback_text(message)
                return await upload_file(self._client, channel, outgoing.attachment, comment)
            await self._pacer.wait_turn(recipient)
            refused_for: float | None = None
            try:
                if links.replace_ref is not None:
                    return await self._update(links.replace_ref, message)
                response = await self._client.chat_postMessage(
                    channel=recipient,
                    text=fallback_text(message),
                    blocks=message_blocks(message),
                    thread_ts=_thread_ts(outgoing, links),
                    reply_broadcast=outgoing.also_to_channel or None,
                    metadata=metadata(delivery),
                )
            except SlackApiError as error:
                refused_for = _refused_for(error)
                raise
            finally:
                self._pacer.sent(recipient, refused_for)
                if _is_person(recipient):
                    self._dms.posted(recipient)
        except SlackApiError as error:
            raise _classify(error) from error
        except aiohttp.ClientConnectorError as error:
            raise RetryLater(f"cannot connect: {type(error).__name__}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            # The request went out; whether Slack acted on it is unknown.
            raise OutcomeUnknown(
                f"no answer: {type(error).__name__}", heard_within=HEARD_WITHIN
            ) from error
        if _is_person(recipient):
            # Where the DM is, for looking in it later without conversations.open.
            self._dms.remember(recipient, response["channel"])
        return message_ref(response["channel"], response["ts"])

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        """Look in the conversation's history for the message or file an attempt since
        `since` posted. An update is not looked for: making it twice changes nothing."""
        outgoing = delivery.outgoing
        if links.replace_ref is not None:
            return None
        recipient = outgoing.to.id
        if (wait := self._looks_wait_until - self._pacer.now()) > 0:
            raise RateLimited("waiting for Slack's limit on reading history", wait)
        try:
            channel = await self._dms.to_look_in(recipient) if _is_person(recipient) else recipient
            if channel is None:
                return None  # no DM with them: nothing was ever posted there
            if outgoing.attachment is not None:
                return await find_shared_file(
                    self._client, channel, outgoing.attachment.name, since
                )
            ts = await find_posted(
                self._client, channel, delivery, since, _thread_ts(outgoing, links)
            )
        except SlackApiError as error:
            if (refused_for := _refused_for(error)) is not None:
                until = self._pacer.now() + refused_for
                self._looks_wait_until = max(self._looks_wait_until, until)
            raise _classify(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RetryLater(f"cannot read history: {type(error).__name__}") from error
        return None if ts is None else message_ref(channel, ts)

    async def _update(self, ref: str, message: Message) -> str:
        """Change a message the bot posted before, in place."""
        channel, ts = split_ref(ref)
        await self._client.chat_update(
            channel=channel, ts=ts, text=fallback_text(message), blocks=message_blocks(message)
        )
        return ref

    async def _channel(self, recipient: str) -> str:
        """A channel id as is; for a user id, their DM channel, which file uploads need."""
        return await self._dms.open(recipient) if _is_person(recipient) else recipient


def _is_person(recipient: str) -> bool:
    return recipient.startswith(("U", "W"))


def _thread_ts(outgoing: Outgoing, links: Links) -> str | None:
    """The thread to post in: under a message the bot sent, or one a person started (a ts)."""
    if links.thread_ref is not None:
        return split_ref(links.thread_ref)[1]
    return split_ref(outgoing.in_thread)[1] if outgoing.in_thread is not None else None


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error", "")) if isinstance(error.response.data, dict) else ""


def _refused_for(error: SlackApiError) -> float | None:
    """For a 429, its Retry-After in seconds (1 if Slack named none); else None."""
    if error.response.status_code != 429 and _code(error) != "ratelimited":
        return None
    headers = error.response.headers
    retry_after = headers.get("Retry-After") or headers.get("retry-after")
    return float(retry_after) if retry_after else 1.0


def _classify(error: SlackApiError) -> RetryLater | Undeliverable:
    status, code = error.response.status_code, _code(error)
    if (refused_for := _refused_for(error)) is not None:
        return RateLimited("rate limited", refused_for)
    if code in _UNREACHABLE:
        return Undeliverable(code)
    if code in _NOT_READ:
        return RetryLater(code)
    if status >= 500 or code in _MAYBE_POSTED:
        return OutcomeUnknown(code or f"HTTP {status}", heard_within=HEARD_WITHIN)
    return RetryLater(code or f"HTTP {status}")
