"""Finds people by email in the roster of the cohort's team, for `facilitator import`."""

from __future__ import annotations

import aiohttp
from microsoft_agents.activity import ChannelAccount, ConversationReference
from microsoft_agents.hosting.core import ConnectorClientBase

from bot.core.outgoing import Address
from bot.core.ports import FoundUser, Profile, RetryLater
from handlers.teams.ids import PLATFORM
from handlers.teams.proactive import Proactive
from handlers.teams.sender import Find

# The roster's fields that may hold a person's email; either may differ from the other.
EMAIL_FIELDS = ("email", "userPrincipalName")


class NotInTeam(Exception):
    """The bot holds no reference in the cohort's team: the app is not installed there."""


class TeamsPeopleFinder:
    """Reads the roster of the cohort's team once (`GET v3/conversations/{channel}/members`:
    a standard channel's members are its team's), then matches emails against each member's
    `email` and `userPrincipalName`, whatever their case."""

    def __init__(self, find: Find, proactive: Proactive, channel_id: str | None) -> None:
        self._find = find
        self._proactive = proactive
        self._channel_id = channel_id
        self._by_email: dict[str, ChannelAccount] | None = None

    async def find_by_email(self, email: str) -> FoundUser | None:
        """The team member with this email; None if nobody in the team has it.

        Raises NotInTeam when the app is not in the cohort's team, and RetryLater when
        Teams cannot answer now.
        """
        roster = self._by_email
        if roster is None:
            roster = self._by_email = await self._roster()
        member = roster.get(email.strip().lower())
        if member is None or not member.id:
            return None
        return FoundUser(member.id, Profile(member.name or email))

    async def _roster(self) -> dict[str, ChannelAccount]:
        channel = self._channel_id
        known = await self._find(Address.channel(PLATFORM, channel)) if channel else None
        if channel is None or known is None:
            raise NotInTeam(channel)

        async def members(
            client: ConnectorClientBase, _: ConversationReference
        ) -> list[ChannelAccount]:
            return await client.conversations.get_conversation_members(channel)

        try:
            people = await self._proactive.run(known.reference, members)
        except aiohttp.ClientResponseError as error:
            if error.status == 404:
                raise NotInTeam(channel) from error
            raise RetryLater(f"Teams roster: HTTP {error.status}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RetryLater(f"Teams roster: {type(error).__name__}") from error
        return {address.strip().lower(): person for person in people for address in _emails(person)}


def _emails(person: ChannelAccount) -> list[str]:
    extra = person.model_extra or {}
    return [str(extra[name]) for name in EMAIL_FIELDS if extra.get(name)]
