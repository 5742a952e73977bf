"""Who is who in Teams: names from the team's roster, membership from a channel's."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TypeVar

import aiohttp
from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.core import ConnectorClientBase

from bot.core.outgoing import Address
from bot.core.ports import Profile, RetryLater
from handlers.teams.ids import PLATFORM
from handlers.teams.proactive import Proactive, Work
from handlers.teams.sender import Find

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Any channel of the team will do to read its roster.
ANY_CHANNEL = Address.channel(PLATFORM, "")


class TeamsDirectory:
    """Looks people up in the roster of the team the bot was installed in."""

    def __init__(self, find: Find, proactive: Proactive) -> None:
        self._find = find
        self._proactive = proactive

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        """The person's name as the roster has it; None if they are not in the team."""
        team = await self._find(ANY_CHANNEL)
        if team is None:
            return None

        async def member(client: ConnectorClientBase, ref: ConversationReference) -> Profile | None:
            found = await client.conversations.get_conversation_member(
                ref.conversation.id, platform_user_id
            )
            return Profile(found.name or platform_user_id) if found else None

        return await self._ask(team.reference, member)

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        """Never: on Teams a standard channel's roster is its whole team's, and the bot
        cannot tell a standard channel from a private one, so channel membership would
        make every leader in the team a moderator. Moderators on Teams are the people
        with the moderator or coordinator role (the cohort file, or `cohort role add`)."""
        return False

    async def _ask(self, reference: Mapping[str, object], work: Work[T]) -> T | None:
        """The roster's answer; None if Teams does not know the person or channel."""
        try:
            return await self._proactive.run(reference, work)
        except aiohttp.ClientResponseError as error:
            if error.status == 404:
                return None
            raise RetryLater(f"Teams roster: HTTP {error.status}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RetryLater(f"Teams roster: {type(error).__name__}") from error
