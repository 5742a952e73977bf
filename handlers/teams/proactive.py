"""Writing to Teams outside a turn: from a stored conversation reference, with a
connector client for that conversation's service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, ConnectorClientBase, TurnContext

T = TypeVar("T")
Work = Callable[[ConnectorClientBase, ConversationReference], Awaitable[T]]


@dataclass(frozen=True)
class Proactive:
    """Continues a conversation the bot holds a reference to, and lends the work its client.

    Signed in, the SDK fetches a token for the bot's app id; in anonymous test mode it
    continues with an empty identity, which sends no token (never in production).
    """

    adapter: CloudAdapter
    app_id: str
    anonymous: bool

    async def run(self, reference: Mapping[str, object], work: Work[T]) -> T:
        ref = ConversationReference.model_validate(dict(reference))
        done: list[T] = []

        async def with_client(context: TurnContext) -> None:
            client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
            if client is None:
                raise RuntimeError("the SDK gave the turn no connector client")
            done.append(await work(client, ref))

        activity = ref.get_continuation_activity()
        if self.anonymous:
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity(), activity, with_client
            )
        else:
            await self.adapter.continue_conversation(self.app_id, activity, with_client)
        return done[0]
