"""Sends outbox deliveries to Teams, and sorts the connector's errors into retry or give up.

A file (an invitation, an export, my-data, a chart) goes as a link to download it from
the bot (`handlers/teams/files.py`), kept for the delivery by its key, so a retried send
links to the same file.

A Teams message reference is "<conversation id>|<activity id>". A question's card starts
a new conversation in the moderators' channel, whose id names its root
(`19:…@thread.tacv2;messageid=<root>`), so replies in that reply chain come back with
the same reference and find their question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

import aiohttp
from microsoft_agents.activity import Activity, ConversationParameters, ConversationReference
from microsoft_agents.hosting.core import ConnectorClientBase

from bot.core.messages import Context, Message
from bot.core.model import Delivery
from bot.core.outgoing import Address, AddressKind, Links, Outgoing
from bot.core.outgoing import ConversationReference as Reference
from bot.core.pacing import Pacer
from bot.core.ports import RateLimited, RetryLater, Undeliverable, Unreachable
from handlers.teams.activity import message_activity
from handlers.teams.files import FileLinks
from handlers.teams.proactive import Proactive
from handlers.teams.render import FileLink
from handlers.teams.roster import is_through_team, open_chat, team_reference

# Teams allows about 7 messages a second in one conversation but only 60 in 30 seconds:
# one every half second keeps within both.
CONVERSATION_INTERVAL = 0.5
# Teams asks for these to be retried with backoff; 429 names its own wait.
_RETRY = frozenset({408, 412, 429, 500, 502, 503, 504})
Find = Callable[[Address], Awaitable[Reference | None]]
Remember = Callable[[Address, Mapping[str, object]], Awaitable[None]]


def message_ref(conversation_id: str, activity_id: str) -> str:
    return f"{conversation_id}|{activity_id}"


def split_ref(ref: str) -> tuple[str, str]:
    conversation_id, _, activity_id = ref.rpartition("|")
    return conversation_id, activity_id


class TeamsSender:
    """Posts as the bot from stored conversation references, paced within Teams' limits."""

    platform = "teams"

    def __init__(
        self,
        find: Find,
        proactive: Proactive,
        pacer: Pacer,
        files: FileLinks | None = None,
        remember: Remember | None = None,
    ) -> None:
        self._find = find
        self._remember = remember
        self._proactive = proactive
        self._pacer = pacer
        # Without a public address there is no link to give: a file is named and left out.
        self._files = files

    async def send(self, delivery: Delivery, links: Links) -> str:
        outgoing = delivery.outgoing
        reference = await self._find(outgoing.to)
        if reference is None:
            raise Unreachable()
        activity = _activity(outgoing, await self._file_link(delivery))
        where = outgoing.to.id
        await self._pacer.wait_turn(where)
        refused_for: float | None = None
        try:
            written = reference.reference
            if is_through_team(written):
                written = await self._open_chat(outgoing.to, written)
            return await self._proactive.run(
                written,
                lambda client, ref: self._post(client, ref, outgoing, links, activity),
            )
        except aiohttp.ClientResponseError as error:
            problem = _classify(error)
            if isinstance(problem, RetryLater):
                refused_for = problem.after_seconds  # the conversation waits what Teams named
            raise problem from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RetryLater(f"connection problem: {type(error).__name__}") from error
        finally:
            self._pacer.sent(where, refused_for)

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        """Teams lets a bot read back nothing it posted (that takes Graph permissions the
        app does not ask for), so a message whose answer was lost is sent again."""
        return None

    async def _file_link(self, delivery: Delivery) -> FileLink | None:
        """The delivery's file, kept for download (the same one on every try)."""
        attachment = delivery.outgoing.attachment
        if attachment is None or self._files is None:
            return None
        download = await self._files.offer(delivery.key, attachment, delivery.outgoing.to)
        url = self._files.url(download.token)
        return FileLink(download.name, download.title, url, download.days, download.is_image)

    async def _open_chat(
        self, address: Address, reference: Mapping[str, object]
    ) -> Mapping[str, object]:
        """The first message to a team member who never opened the bot opens the chat."""
        try:
            chat = await self._proactive.run(
                team_reference(reference), lambda client, team: open_chat(client, team, reference)
            )
        except aiohttp.ClientResponseError as error:
            if error.status in (403, 404):  # no longer in the team, or the app was removed
                raise Unreachable() from error
            raise
        if self._remember is not None:
            await self._remember(address, chat)
        return chat

    async def _post(
        self,
        client: ConnectorClientBase,
        reference: ConversationReference,
        outgoing: Outgoing,
        links: Links,
        activity: Activity,
    ) -> str:
        conversations = client.conversations
        if links.replace_ref is not None:
            conversation_id, activity_id = split_ref(links.replace_ref)
            activity.id = activity_id
            await conversations.update_activity(conversation_id, activity_id, activity)
            return links.replace_ref
        thread = links.thread_ref or outgoing.in_thread
        if thread is not None:
            conversation_id = split_ref(thread)[0]
        elif outgoing.to.kind is AddressKind.CHANNEL:
            return await _start_thread(client, reference, outgoing.to.id, activity)
        else:
            conversation_id = reference.conversation.id
        sent = await conversations.send_to_conversation(conversation_id, activity)
        return message_ref(conversation_id, sent.id)


def _activity(outgoing: Outgoing, file: FileLink | None) -> Activity:
    """The message as an Adaptive Card with its text fallback, and its file as a link.

    A bot cannot attach a file in Teams without asking the person first (the file consent
    card, one-to-one chats only), so a file goes as a download link; without one (no
    PUBLIC_URL) it is named and left out rather than the message lost."""
    message = outgoing.message
    if file is not None:
        message = Message(f"{message.text}\n{file.sentence}", message.blocks)
    elif outgoing.attachment is not None:
        name = outgoing.attachment.name
        note = f"(The file {name} cannot be sent in Teams yet: ask a coordinator for it.)"
        message = Message(f"{message.text} {note}", (*message.blocks, Context(note)))
    return message_activity(message, file)


async def _start_thread(
    client: ConnectorClientBase, reference: ConversationReference, channel: str, activity: Activity
) -> str:
    """A new conversation in the channel: the start of a reply chain."""
    parameters = ConversationParameters.model_validate(
        {
            "isGroup": True,
            "bot": reference.agent,
            "tenantId": reference.conversation.tenant_id or "",
            "channelData": {"channel": {"id": channel}},
            "activity": activity,
        }
    )
    started = await client.conversations.create_conversation(parameters)
    return message_ref(started.id, started.activity_id)


def _classify(error: aiohttp.ClientResponseError) -> RetryLater | Undeliverable:
    if error.status in _RETRY:
        retry_after = error.headers.get("Retry-After") if error.headers else None
        wait = float(retry_after) if retry_after and retry_after.isdigit() else None
        kind = RateLimited if error.status == 429 else RetryLater
        return kind(f"HTTP {error.status}", wait)
    return Undeliverable(f"HTTP {error.status}")
