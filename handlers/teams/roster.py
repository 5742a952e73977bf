"""Reaching a team member who has not opened the bot: Teams lets a bot installed in a
team start a one-to-one chat with anyone in that team's roster.

The member's reference is kept as "through the team": the team's channel reference and
who they are. The sender opens the chat on the first message and keeps its real
reference from then on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import ConversationParameters, ConversationReference
from microsoft_agents.hosting.core import ConnectorClientBase

from bot.core.outgoing import Address
from bot.core.requests import ConversationSeen
from handlers.teams.ids import PLATFORM

THROUGH_TEAM = "throughTeam"


def through_team(
    person_id: str, name: str | None, team_reference: Mapping[str, object]
) -> ConversationSeen:
    """A roster member, reachable through the team the bot is installed in."""
    reference = {THROUGH_TEAM: dict(team_reference), "user": {"id": person_id, "name": name}}
    return ConversationSeen(Address.person(PLATFORM, person_id), reference, from_roster=True)


def is_through_team(reference: Mapping[str, object]) -> bool:
    return THROUGH_TEAM in reference


def team_reference(reference: Mapping[str, object]) -> Mapping[str, object]:
    via = reference[THROUGH_TEAM]
    assert isinstance(via, Mapping)
    return via


async def open_chat(
    client: ConnectorClientBase, team: ConversationReference, reference: Mapping[str, object]
) -> dict[str, Any]:
    """Start the one-to-one chat with the member; its reference, as an install gives it."""
    user = reference["user"]
    assert isinstance(user, Mapping)
    tenant = team.conversation.tenant_id or ""
    parameters = ConversationParameters.model_validate(
        {"isGroup": False, "bot": team.agent, "members": [dict(user)], "tenantId": tenant}
    )
    opened = await client.conversations.create_conversation(parameters)
    chat = team.model_dump(mode="json", by_alias=True, exclude_none=True)
    chat.pop("activityId", None)
    chat["conversation"] = {"id": opened.id, "conversationType": "personal", "tenantId": tenant}
    chat["user"] = dict(user)
    return chat
