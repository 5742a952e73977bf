"""Activities as Teams posts them to the bot's `/api/messages`, pointing back at the fake connector.

`teams = IncomingActivities(fake.url)`, then for example
`teams.channel_message(amira, f"{at(BOT)} help", channel_id=MODS, team_id=TEAM, mentions=[BOT])`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tests.fakes.teams.people import (
    TENANT_ID,
    TeamsBot,
    TeamsPerson,
    personal_conversation_id,
    thread_id,
)

JSON = dict[str, Any]
_ids = itertools.count(1)


def at(account: TeamsPerson | TeamsBot) -> str:
    """How a mention reads in an activity's text."""
    return f"<at>{account.name}</at>"


def mention(account: TeamsPerson | TeamsBot) -> JSON:
    """The mention entity that stands behind `at(account)`."""
    return {"type": "mention", "text": at(account), "mentioned": account.to_account()}


@dataclass(frozen=True)
class Where:
    """Where an activity happens: its conversation, and the channelData Teams sends with it."""

    conversation: JSON
    channel_data: JSON


class IncomingActivities:
    """Builds the JSON Teams sends; each activity gets a new id."""

    def __init__(
        self, service_url: str, bot: TeamsBot | None = None, tenant_id: str = TENANT_ID
    ) -> None:
        self.service_url = service_url
        self.bot = bot or TeamsBot()
        self.tenant_id = tenant_id

    def personal(self, person: TeamsPerson) -> Where:
        """The person's 1:1 chat with the bot."""
        conversation = {"id": personal_conversation_id(person.id), "conversationType": "personal"}
        return Where({**conversation, "tenantId": self.tenant_id}, self._tenant())

    def channel(
        self, channel_id: str, root_id: str, team_id: str, team_name: str = "Camden"
    ) -> Where:
        """A thread of a team's channel (a team's General channel has the team's id)."""
        conversation = {
            "id": thread_id(channel_id, root_id),
            "conversationType": "channel",
            "isGroup": True,
            "tenantId": self.tenant_id,
        }
        team = {"id": team_id, "name": team_name}
        return Where(conversation, {**self._tenant(), "team": team, "channel": {"id": channel_id}})

    def personal_message(
        self, person: TeamsPerson, text: str, *, mentions: Sequence[TeamsPerson | TeamsBot] = ()
    ) -> JSON:
        """A message in the person's 1:1 chat with the bot."""
        return self.activity("message", person, self.personal(person), text=text, mentions=mentions)

    def channel_message(
        self,
        person: TeamsPerson,
        text: str,
        *,
        channel_id: str,
        team_id: str,
        root_id: str | None = None,
        mentions: Sequence[TeamsPerson | TeamsBot] = (),
    ) -> JSON:
        """A new thread's root in a channel, or with `root_id` a reply in that thread."""
        own_id = self._new_id()
        where = self.channel(channel_id, root_id or own_id, team_id)
        found = self.activity("message", person, where, text=text, mentions=mentions, id=own_id)
        if root_id is not None:
            found["replyToId"] = root_id
        return found

    def personal_install(self, person: TeamsPerson) -> JSON:
        """conversationUpdate when the person adds the bot for themselves."""
        where = self.personal(person)
        return self.activity("conversationUpdate", person, where, membersAdded=[self._bot()])

    def team_install(self, person: TeamsPerson, team_id: str, team_name: str = "Camden") -> JSON:
        """conversationUpdate in the team's General channel when the person adds the bot to it."""
        where = self.channel(team_id, "", team_id, team_name)
        conversation = {**where.conversation, "id": team_id}
        channel_data = {**where.channel_data, "eventType": "teamMemberAdded"}
        return self.activity(
            "conversationUpdate",
            person,
            Where(conversation, channel_data),
            membersAdded=[self._bot()],
        )

    def installation_update(
        self, person: TeamsPerson, action: str = "add", where: Where | None = None
    ) -> JSON:
        """installationUpdate: the app was added ("add") or removed ("remove")."""
        return self.activity(
            "installationUpdate", person, where or self.personal(person), action=action
        )

    def card_action(
        self, person: TeamsPerson, verb: str, data: JSON | None = None, where: Where | None = None
    ) -> JSON:
        """The invoke an Action.Execute button sends."""
        value = {
            "action": {"type": "Action.Execute", "verb": verb, "data": data or {}},
            "trigger": "manual",
        }
        return self._invoke("adaptiveCard/action", person, value, where)

    def task_fetch(self, person: TeamsPerson, data: JSON, where: Where | None = None) -> JSON:
        """The invoke asking for a dialog's first card."""
        return self._invoke(
            "task/fetch", person, {"data": data, "context": {"theme": "default"}}, where
        )

    def task_submit(self, person: TeamsPerson, data: JSON, where: Where | None = None) -> JSON:
        """The invoke a dialog sends with its inputs (merged into the action's data)."""
        return self._invoke(
            "task/submit", person, {"data": data, "context": {"theme": "default"}}, where
        )

    def activity(
        self,
        kind: str,
        person: TeamsPerson,
        where: Where,
        *,
        mentions: Sequence[TeamsPerson | TeamsBot] = (),
        **fields: Any,
    ) -> JSON:
        """Any activity from `person` in `where`; `fields` are added as they are (camelCase)."""
        found: JSON = {
            "type": kind,
            "id": self._new_id(),
            "timestamp": "2027-01-11T09:00:00.000Z",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": person.to_account(),
            "recipient": self._bot(),
            "conversation": where.conversation,
            "channelData": where.channel_data,
            "locale": "en-GB",
        }
        if mentions:
            found["entities"] = [mention(account) for account in mentions]
        return {**found, **fields}

    def _invoke(self, name: str, person: TeamsPerson, value: JSON, where: Where | None) -> JSON:
        return self.activity(
            "invoke", person, where or self.personal(person), name=name, value=value
        )

    def _bot(self) -> JSON:
        return self.bot.to_account()

    def _tenant(self) -> JSON:
        return {"tenant": {"id": self.tenant_id}}

    def _new_id(self) -> str:
        return f"in-{next(_ids)}"
