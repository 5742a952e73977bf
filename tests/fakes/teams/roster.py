"""Who is in each team and conversation, and the connector's answers about members."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakes.teams.calls import error_body
from tests.fakes.teams.people import TeamsPerson, channel_of, personal_conversation_id

Answer = tuple[int, Any]
DEFAULT_PAGE_SIZE = 200  # Teams' default; it allows at most 500 a page


@dataclass
class Roster:
    """Members per team or conversation; a channel's members are its team's."""

    members: dict[str, list[TeamsPerson]] = field(default_factory=dict)
    team_of: dict[str, str] = field(default_factory=dict)

    def add(self, conversation_or_team_id: str, *people: TeamsPerson) -> None:
        """Add people to a team or a conversation; each gets a 1:1 chat with the bot too."""
        roster = self.members.setdefault(conversation_or_team_id, [])
        for person in people:
            if all(known.id != person.id for known in roster):
                roster.append(person)
            self.members[personal_conversation_id(person.id)] = [person]

    def add_channel(self, channel_id: str, team_id: str) -> None:
        """A channel of a team: its roster, and its threads' rosters, are the team's."""
        self.team_of[channel_id] = team_id

    def person(self, person_id: str) -> TeamsPerson | None:
        for roster in self.members.values():
            for person in roster:
                if person.id == person_id:
                    return person
        return None

    def of(self, conversation_id: str) -> list[TeamsPerson] | None:
        """The roster of a conversation (a thread's is its channel's), or None if unknown."""
        channel = channel_of(conversation_id)
        for key in (conversation_id, channel, self.team_of.get(channel)):
            if key is not None and key in self.members:
                return self.members[key]
        return None

    def answer_members(self, conversation_id: str) -> Answer:
        roster = self.of(conversation_id)
        if roster is None:
            return 404, error_body(404, f"Conversation {conversation_id} not found")
        return 200, [person.to_member() for person in roster]

    def answer_member(self, conversation_id: str, member_id: str) -> Answer:
        roster = self.of(conversation_id)
        found = [p for p in roster or [] if member_id in (p.id, p.aad)]
        if not found:
            return 404, error_body(404, "MemberNotFoundInConversation")
        return 200, found[0].to_member()

    def answer_paged(self, conversation_id: str, query: dict[str, str]) -> Answer:
        """One page; the continuation token is the next page's offset, opaque to the bot."""
        roster = self.of(conversation_id)
        if roster is None:
            return 404, error_body(404, f"Conversation {conversation_id} not found")
        size = int(query.get("pageSize") or DEFAULT_PAGE_SIZE)
        token = query.get("continuationToken") or ""
        if size < 1 or (token and not token.startswith("page-")):
            return 400, error_body(400, "bad pageSize or continuationToken")
        start = int(token.removeprefix("page-") or 0)
        page = roster[start : start + size]
        answer: dict[str, Any] = {"members": [person.to_member() for person in page]}
        if start + size < len(roster):
            answer["continuationToken"] = f"page-{start + size}"
        return 200, answer
