"""A reflection-session poll on Teams: started from the coordinators' channel, voted on
with Action.Execute buttons, closed, and confirmed through a dialog."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.teams.activities import at as mention_of
from tests.fakes.teams.people import TeamsBot, TeamsPerson
from tests.fakes.teams.views import Posted
from tests.teams.conftest import AMIRA, BEN, COHORT, COORDINATORS, SAM, TEAM, TeamsHarness
from tests.teams.steps import (
    button,
    chat,
    dialog_inputs,
    open_dialog,
    press,
    submit_dialog,
    texts,
)

BOT = TeamsBot()
TITLE = "Reflection session"


def filled(**changes: str | None) -> dict[str, str]:
    """A good poll form, by input id: two slots in week 2, votes close on Friday of week 1."""
    values: dict[str, str | None] = {
        "title": TITLE,
        "slot1_date": "2027-01-19",
        "slot1_time": "14:00",
        "slot1_length": "90",
        "slot2_date": "2027-01-20",
        "slot2_time": "10:00",
        "slot2_length": "60",
        "formats": "Online,In person",
        "deadline_date": "2027-01-15",
        "deadline_time": "17:00",
        "capacity": "1",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


async def say_in_coordinators(h: TeamsHarness, words: str) -> Any:
    status, body = await h.post(
        h.incoming.channel_message(
            SAM, f"{mention_of(BOT)} {words}", channel_id=COORDINATORS, team_id=TEAM,
            mentions=[BOT],
        )
    )  # fmt: skip
    assert status in (200, 202), body
    await h.settle()
    return body


async def test_cohort_poll_typed_in_the_coordinators_channel_opens_in_the_coordinators_chat(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM)

    await say_in_coordinators(h, "cohort poll")

    # Teams cannot show one person alone anything in a channel: the form's opener goes to
    # the coordinator's chat with the bot, and the channel shows nothing.
    assert h.teams.threads(COORDINATORS) == []
    [opener] = chat(h, SAM)[-1:]
    assert opener.text == "Press Reflection session poll to fill it in."
    form = await open_dialog(h, SAM, button(opener, "Reflection session poll"))
    assert form["title"] == "Reflection session poll"
    h.teams.assert_no_problems()


def slot_button(copy: Posted, title: str, slot: int) -> dict[str, Any]:
    """The `title` button (Yes, If need be, No) under the poll's slot number `slot`."""
    return button(copy, title, nth=slot - 1)


async def vote(h: TeamsHarness, leader: TeamsPerson, *presses: tuple[str, int]) -> list[str]:
    """The leader presses each (title, slot) on their own copy of the poll; the answers."""
    said = []
    for title, slot in presses:
        [copy] = [p for p in chat(h, leader) if (p.text or "").startswith(f"{TITLE}: ")]
        pressed = slot_button(copy, title, slot) if slot else button(copy, title)
        answer = await press(h, leader, pressed)
        said.append(texts(h, leader)[-1])
        assert answer["statusCode"] == 200
    return said


async def test_a_poll_is_started_voted_on_closed_and_confirmed_with_invitations(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM, AMIRA, BEN)
    await say_in_coordinators(h, "cohort poll")
    form = await open_dialog(h, SAM, button(chat(h, SAM)[-1], "Reflection session poll"))
    assert {"title", "slot1_date", "slot10_length", "formats", "deadline_date"} <= set(
        dialog_inputs(form)
    )

    closed = await submit_dialog(h, SAM, form, filled())

    assert closed == {}  # the dialog closes; what follows comes as messages
    assert texts(h, SAM)[-1].startswith(f"Your poll “{TITLE}” is open.")
    [posted] = [t for t in h.teams.threads(COHORT) if t.root and TITLE in (t.root.text or "")]
    assert posted.root is not None and (posted.root.text or "").startswith(f"{TITLE}: ")

    await vote(h, AMIRA, ("Yes", 1), ("No", 2), ("Online", 0))
    await vote(h, BEN, ("No", 1), ("Yes", 2), ("In person", 0))
    shown = json.dumps(h.teams.messages_in(posted.conversation_id)[0].cards)
    assert "Yes 1" in shown  # the channel's count moved

    await say_in_coordinators(h, "cohort poll close")
    assert h.teams.threads(COORDINATORS)[-1].root is not None
    [proposal] = [
        t.root for t in h.teams.threads(COORDINATORS)
        if t.root and (t.root.text or "").startswith(f"The poll “{TITLE}” is closed.")
    ]  # fmt: skip
    in_channel = h.incoming.channel(COORDINATORS, proposal.id, TEAM)
    confirm = await open_dialog(h, SAM, button(proposal, "Confirm and invite"), in_channel)
    assert confirm["title"] == "Confirm sessions"
    places = {
        field["id"]: f"Room {n}"
        for n, field in enumerate(dialog_inputs(confirm).values(), start=1)
        if field["label"].startswith("Joining link or room")
    }
    assert len(places) == 2

    assert await submit_dialog(h, SAM, confirm, places, in_channel) == {}

    for leader, room in ((AMIRA, "Room 1"), (BEN, "Room 2")):
        [booked] = [t for t in texts(h, leader) if t.startswith(f"You are booked for “{TITLE}”")]
        assert room in booked
    assert texts(h, SAM)[-1].startswith(f"Confirmed 2 sessions for “{TITLE}”.")
    h.teams.assert_no_problems()
