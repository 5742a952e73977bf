"""What leaders and moderators do with questions in Teams, for the e2e tests.

Each step posts an activity as Teams would to the real app, then sends the outbox
(`settle`), so a message is recorded as sent before anyone replies to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tests.fakes.teams import Posted, TeamsBot, TeamsPerson, Thread
from tests.fakes.teams.activities import Where
from tests.fakes.teams.people import personal_conversation_id
from tests.teams.conftest import FATIMA, MODERATORS, SAM, TEAM, TeamsHarness

JSON = dict[str, Any]


def moderators_channel_is_private(h: TeamsHarness) -> None:
    """Give the moderators' channel a roster of its own (Fatima and Sam), as a private
    channel has; a standard channel's roster is the whole team's, leaders included."""
    h.teams.add_members(MODERATORS, FATIMA, SAM)


def chat(h: TeamsHarness, person: TeamsPerson) -> list[Posted]:
    """The bot's messages in the person's 1:1 chat, oldest first, as they stand now."""
    return h.teams.messages_in(personal_conversation_id(person.id))


def said_to(h: TeamsHarness, person: TeamsPerson) -> list[str]:
    """The text of each message in the person's 1:1 chat."""
    return [m.text or "" for m in chat(h, person)]


def card_threads(h: TeamsHarness) -> list[Thread]:
    """The moderators' channel's reply chains, one per question card."""
    return h.teams.threads(MODERATORS)


def card_of(thread: Thread) -> Posted:
    assert thread.root is not None, "the bot started the reply chain with the card"
    return thread.root


def thread_texts(h: TeamsHarness, thread: Thread) -> list[str]:
    """The bot's replies in a reply chain as they stand now (the card left out)."""
    return [m.text or "" for m in h.teams.messages_in(thread.conversation_id)[1:]]


def in_thread(h: TeamsHarness, thread: Thread) -> Where:
    """Where a moderator is when they press a button on a card: its reply chain."""
    return h.incoming.channel(MODERATORS, thread.root_id, TEAM)


def actions(posted: Posted) -> Iterator[JSON]:
    """Every button on the message's cards."""

    def walk(node: object) -> Iterator[JSON]:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    yield from walk(posted.cards)


def button(posted: Posted, title: str) -> JSON:
    [found] = [a for a in actions(posted) if a.get("title") == title]
    return found


def titles(posted: Posted) -> list[str]:
    return [str(a.get("title")) for a in actions(posted)]


async def settle(h: TeamsHarness) -> None:
    await h.settle()


async def ask(h: TeamsHarness, person: TeamsPerson, text: str) -> None:
    """Type `ask <text>` in the 1:1 chat, and let the outbox send what it queued."""
    status, _ = await h.post(h.incoming.personal_message(person, f"ask {text}"))
    assert status in (200, 202)
    await h.settle()


async def asked(h: TeamsHarness, person: TeamsPerson, text: str) -> Thread:
    """Ask, and the reply chain the question's card started in the moderators' channel."""
    before = len(card_threads(h))
    await ask(h, person, text)
    threads = card_threads(h)
    assert len(threads) == before + 1, "the card started a new reply chain"
    return threads[-1]


async def moderator_replies(
    h: TeamsHarness,
    moderator: TeamsPerson,
    thread: Thread,
    text: str,
    *,
    mentions: Sequence[TeamsPerson | TeamsBot] = (),
) -> None:
    """A message in the card's reply chain, without mentioning the bot (resource-specific
    consent delivers every message in the channel)."""
    activity = h.incoming.channel_message(
        moderator,
        text,
        channel_id=MODERATORS,
        team_id=TEAM,
        root_id=thread.root_id,
        mentions=mentions,
    )
    status, _ = await h.post(activity)
    assert status in (200, 202)
    await h.settle()


async def press(
    h: TeamsHarness, person: TeamsPerson, pressed: JSON, where: Where | None = None
) -> tuple[int, Any]:
    """Press an Action.Execute button: the invoke Teams sends, then the outbox."""
    assert pressed["type"] == "Action.Execute"
    activity = h.incoming.card_action(person, pressed["verb"], pressed["data"], where)
    answered = await h.post(activity)
    await h.settle()
    return answered


async def open_dialog(h: TeamsHarness, person: TeamsPerson, opener: JSON) -> JSON:
    """Press a button that opens a dialog (task/fetch): the dialog's card."""
    assert opener["type"] == "Action.Submit" and opener["data"]["msteams"]["type"] == "task/fetch"
    status, body = await h.post(h.incoming.task_fetch(person, opener["data"]))
    assert status == 200
    assert body["task"]["type"] == "continue", body
    card: JSON = body["task"]["value"]["card"]["content"]
    return card


def inputs(dialog: JSON) -> list[JSON]:
    return [e for e in dialog["body"] if str(e.get("type", "")).startswith("Input.")]


async def submit(h: TeamsHarness, person: TeamsPerson, dialog: JSON, **typed: str) -> Any:
    """Send the dialog with what was typed in it (Teams merges the inputs into the submit
    button's data); the task/submit's answer: None when the dialog closes."""
    [send] = dialog["actions"]
    status, body = await h.post(h.incoming.task_submit(person, {**send["data"], **typed}))
    assert status == 200
    await h.settle()
    return body
