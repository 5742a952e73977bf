"""Steps the Teams end-to-end tests share: what a person's chat shows, the buttons on a
card, pressing one, and opening and sending a dialog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from tests.fakes.teams.activities import Where
from tests.fakes.teams.people import TeamsPerson, personal_conversation_id
from tests.fakes.teams.views import Posted
from tests.teams.conftest import LONDON, TeamsHarness

JSON = dict[str, Any]


def at(day: str, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock time; week 2 of the test cohort is 18 to 24 January 2027."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


async def run_at(h: TeamsHarness, moment: datetime) -> None:
    """Move the clock to `moment`, run the rhythm as the scheduler would, send the outbox."""
    h.clock.set(moment)
    await h.bot.core.services.rhythm.run_due()
    await h.settle()


def chat(h: TeamsHarness, person: TeamsPerson) -> list[Posted]:
    """What the person's one-to-one chat with the bot shows, oldest first."""
    return h.teams.messages_in(personal_conversation_id(person.id))


def texts(h: TeamsHarness, person: TeamsPerson) -> list[str]:
    return [posted.text or "" for posted in chat(h, person)]


def actions(posted: Posted) -> list[JSON]:
    """Every action on the message's cards, in the order shown."""
    return list(_actions(posted.cards))


def _actions(node: object) -> Iterator[JSON]:
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            yield node
        for value in node.values():
            yield from _actions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _actions(item)


def button(posted: Posted, title: str, nth: int = 0) -> JSON:
    """The `nth` action titled `title` on the message's cards."""
    found = [a for a in actions(posted) if a.get("title") == title]
    assert len(found) > nth, f"no {title!r} in {[a.get('title') for a in actions(posted)]}"
    return found[nth]


async def press(
    h: TeamsHarness, person: TeamsPerson, action: JSON, where: Where | None = None
) -> JSON:
    """Press an Action.Execute button as Teams does; the invoke's answer."""
    assert action["type"] == "Action.Execute", action
    status, body = await h.post(
        h.incoming.card_action(person, action["verb"], action.get("data"), where)
    )
    assert status == 200, body
    await h.settle()
    return dict(body or {})


async def open_dialog(
    h: TeamsHarness, person: TeamsPerson, action: JSON, where: Where | None = None
) -> JSON:
    """Press a button that opens a dialog (task/fetch); the dialog's value as answered."""
    data = action.get("data") or {}
    assert (data.get("msteams") or {}).get("type") == "task/fetch", action
    status, body = await h.post(h.incoming.task_fetch(person, data, where))
    assert status == 200, body
    task = body["task"]
    assert task["type"] == "continue", task
    return dict(task["value"])


def dialog_inputs(dialog: JSON) -> dict[str, JSON]:
    """The dialog's inputs by id."""
    found: dict[str, JSON] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input.") and "id" in node:
                found[node["id"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(dialog["card"]["content"])
    return found


async def submit_dialog(
    h: TeamsHarness,
    person: TeamsPerson,
    dialog: JSON,
    values: dict[str, str],
    where: Where | None = None,
) -> JSON:
    """Fill the dialog's inputs and press its submit button; the invoke's answer (None when
    the dialog closes)."""
    [submit] = [a for a in dialog["card"]["content"]["actions"] if a["type"] == "Action.Submit"]
    status, body = await h.post(
        h.incoming.task_submit(person, {**submit.get("data", {}), **values}, where)
    )
    assert status == 200, body
    await h.settle()
    return dict(body or {})
