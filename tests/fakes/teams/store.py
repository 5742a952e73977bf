"""The activities the bot has sent, every version of each, and the conversations it created."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.teams.calls import error_body
from tests.fakes.teams.people import channel_of, personal_conversation_id, thread_id

Answer = tuple[int, Any]


@dataclass
class StoredActivity:
    """One activity the bot sent; `versions[-1]` is what Teams shows now."""

    id: str
    conversation_id: str
    versions: list[dict[str, Any]]
    reply_to_id: str | None = None
    deleted: bool = False

    @property
    def latest(self) -> dict[str, Any]:
        return self.versions[-1]


@dataclass
class ActivityStore:
    """What the connector keeps, and its answers to create, send, reply, update and delete."""

    activities: dict[str, StoredActivity] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_id(self) -> str:
        return f"act-{next(self._ids)}"

    def create(self, body: Any, service_url: str) -> Answer:
        """A thread in a channel (`channelData.channel.id`) or a 1:1 (`members`: one person)."""
        body = body if isinstance(body, dict) else {}
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id")
        members = body.get("members") or []
        activity = body.get("activity")
        if channel:
            if not isinstance(activity, dict):
                return 400, error_body(400, "a new channel thread needs its first activity")
            activity_id = self.next_id()
            conversation_id = thread_id(channel, activity_id)
        elif len(members) == 1 and isinstance(members[0], dict) and members[0].get("id"):
            conversation_id = personal_conversation_id(members[0]["id"])
            activity_id = self.next_id() if isinstance(activity, dict) else ""
        else:
            return 400, error_body(400, "give channelData.channel.id or exactly one member")
        if activity_id and isinstance(activity, dict):
            self._store(activity_id, conversation_id, activity, None)
        self.created.append({"id": conversation_id, **body})
        answer = {"id": conversation_id, "activityId": activity_id, "serviceUrl": service_url}
        return 201, {key: value for key, value in answer.items() if value}

    def post(self, conversation_id: str, activity: Any, reply_to_id: str | None) -> Answer:
        """Send (or reply) to a conversation: stored under a new id `act-N`."""
        if not isinstance(activity, dict):
            return 400, error_body(400, "the body must be an activity")
        activity_id = self.next_id()
        self._store(activity_id, conversation_id, activity, reply_to_id)
        return 201, {"id": activity_id}

    def update(self, conversation_id: str, activity_id: str, activity: Any) -> Answer:
        found = self._find(conversation_id, activity_id)
        if found is None:
            return 404, error_body(404, f"Activity {activity_id} not found")
        if not isinstance(activity, dict):
            return 400, error_body(400, "the body must be an activity")
        found.versions.append({**activity, "id": activity_id})
        return 200, {"id": activity_id}

    def delete(self, conversation_id: str, activity_id: str) -> Answer:
        found = self._find(conversation_id, activity_id)
        if found is None:
            return 404, error_body(404, f"Activity {activity_id} not found")
        found.deleted = True
        return 200, None

    def in_conversation(self, conversation_id: str) -> list[StoredActivity]:
        return [a for a in self.activities.values() if a.conversation_id == conversation_id]

    def _store(
        self, activity_id: str, conversation_id: str, activity: dict[str, Any], reply_to: str | None
    ) -> None:
        reply_to = reply_to or activity.get("replyToId")
        stored = {**activity, "id": activity_id}
        self.activities[activity_id] = StoredActivity(
            activity_id, conversation_id, [stored], reply_to
        )

    def _find(self, conversation_id: str, activity_id: str) -> StoredActivity | None:
        """The activity, if it is in this conversation (any thread of the same channel will do)."""
        found = self.activities.get(activity_id)
        if found is None or found.deleted:
            return None
        same = channel_of(found.conversation_id) == channel_of(conversation_id)
        return found if same else None
