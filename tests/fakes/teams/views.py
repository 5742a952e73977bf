"""What the bot sent, as tests read it: the messages in a conversation, a channel's threads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.teams.people import channel_of, root_of, thread_id
from tests.fakes.teams.store import ActivityStore, StoredActivity

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class Posted:
    """The latest version of one activity the bot sent, and how many versions it has had."""

    id: str
    conversation_id: str
    text: str | None
    attachments: list[dict[str, Any]]
    reply_to_id: str | None
    versions: int
    activity: dict[str, Any]

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Cards attached, as their JSON content."""
        return [
            a.get("content") or {}
            for a in self.attachments
            if a.get("contentType") == ADAPTIVE_CARD
        ]

    @property
    def summary(self) -> str | None:
        return self.activity.get("summary")


@dataclass(frozen=True)
class Thread:
    """A thread in a channel: its root (None if someone else posted it) and the replies."""

    channel_id: str
    root_id: str
    root: Posted | None
    replies: list[Posted]

    @property
    def conversation_id(self) -> str:
        return thread_id(self.channel_id, self.root_id)


def posted(stored: StoredActivity) -> Posted:
    latest = stored.latest
    return Posted(
        id=stored.id,
        conversation_id=stored.conversation_id,
        text=latest.get("text"),
        attachments=list(latest.get("attachments") or []),
        reply_to_id=stored.reply_to_id,
        versions=len(stored.versions),
        activity=latest,
    )


def messages_in(store: ActivityStore, conversation_id: str) -> list[Posted]:
    """What the conversation shows now, oldest first; a thread's root comes first."""
    root = root_of(conversation_id)
    if root is not None:
        for thread in threads(store, channel_of(conversation_id)):
            if thread.root_id == root:
                return ([thread.root] if thread.root else []) + thread.replies
        return []
    return [posted(a) for a in store.in_conversation(conversation_id) if not a.deleted]


def threads(store: ActivityStore, channel_id: str) -> list[Thread]:
    """The channel's threads the bot started or replied in, in the order they began."""
    roots: dict[str, list[StoredActivity]] = {}
    for stored in store.activities.values():
        if stored.deleted or channel_of(stored.conversation_id) != channel_id:
            continue
        key = root_of(stored.conversation_id) or stored.reply_to_id or stored.id
        roots.setdefault(key, []).append(stored)
    found = []
    for root_id, members in roots.items():
        root = next((posted(a) for a in members if a.id == root_id), None)
        replies = [posted(a) for a in members if a.id != root_id]
        found.append(Thread(channel_id, root_id, root, replies))
    return found
