"""Changing and cancelling a confirmed session on Teams: the report's buttons open dialogs,
and each leader's news carries a link to the calendar file that updates or cancels the
event (same UID, higher SEQUENCE)."""

from __future__ import annotations

from typing import Any

import pytest
import vobject

from tests.fakes.teams.views import Posted
from tests.teams.conftest import AMIRA, BEN, COORDINATORS, SAM, TEAM, TeamsHarness
from tests.teams.steps import button, chat, dialog_inputs, open_dialog, submit_dialog, texts
from tests.teams.test_files_e2e import PUBLIC_URL, download_links, fetch
from tests.teams.test_polls_e2e import TITLE, filled, say_in_coordinators, vote

NEW_ROOM = "Room 9, Town Hall"


@pytest.fixture
def teams_settings() -> dict[str, object]:
    return {"public_url": PUBLIC_URL, "download_link_days": 7}


async def confirmed(h: TeamsHarness) -> None:
    """A poll voted on, closed and confirmed: Amira in slot 1, Ben in slot 2."""
    await h.install(SAM, AMIRA, BEN)
    await say_in_coordinators(h, "cohort poll")
    form = await open_dialog(h, SAM, button(chat(h, SAM)[-1], "Reflection session poll"))
    await submit_dialog(h, SAM, form, filled())
    await vote(h, AMIRA, ("Yes", 1), ("No", 2))
    await vote(h, BEN, ("No", 1), ("Yes", 2))
    await say_in_coordinators(h, "cohort poll close")
    [proposal] = [
        t.root for t in h.teams.threads(COORDINATORS)
        if t.root and (t.root.text or "").startswith(f"The poll “{TITLE}” is closed.")
    ]  # fmt: skip
    in_channel = h.incoming.channel(COORDINATORS, proposal.id, TEAM)
    confirm = await open_dialog(h, SAM, button(proposal, "Confirm and invite"), in_channel)
    places = {
        key: f"Room {n}"
        for n, (key, field) in enumerate(dialog_inputs(confirm).items(), start=1)
        if field["label"].startswith("Joining link or room")
    }
    assert await submit_dialog(h, SAM, confirm, {**as_shown(confirm), **places}, in_channel) == {}


async def sessions_report(h: TeamsHarness) -> Posted:
    """SAM types `cohort sessions` in his chat with the bot; the report as shown."""
    status, _ = await h.post(h.incoming.personal_message(SAM, "cohort sessions"))
    assert status in (200, 202)
    await h.settle()
    [*_, report] = chat(h, SAM)
    assert (report.text or "") == f"Sessions for {TITLE}"
    return report


def as_shown(dialog: dict[str, Any]) -> dict[str, str]:
    """What Teams sends for each input left as the dialog shows it."""
    return {key: str(field.get("value", "")) for key, field in dialog_inputs(dialog).items()}


async def calendar_file(h: TeamsHarness, posted: Posted) -> Any:
    """The calendar file the message links to, read by vobject."""
    [link] = download_links(posted)
    status, headers, body = await fetch(h, link)
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    return vobject.readOne(body.decode("utf-8"))


async def test_a_coordinator_changes_then_cancels_sessions_through_dialogs(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await confirmed(h)
    [invited] = [p for p in chat(h, AMIRA) if (p.text or "").startswith("You are booked")]
    first = await calendar_file(h, invited)

    change = await open_dialog(h, SAM, button(await sessions_report(h), "Change"))
    assert change["title"] == "Change the session"
    shown = as_shown(change)
    assert (shown["date"], shown["start"], shown["place"]) == ("2027-01-19", "14:00", "Room 1")
    assert await submit_dialog(h, SAM, change, {**shown, "place": NEW_ROOM}) == {}

    [changed] = [p for p in chat(h, AMIRA) if (p.text or "").startswith("Your session")]
    assert (changed.text or "").startswith(
        f"Your session for “{TITLE}” has changed: where it is. It is on Tuesday 19 January "
        f"2027, 14:00 to 15:30 (Europe/London). Online. {NEW_ROOM}"
    )
    update = await calendar_file(h, changed)
    event, before = update.vevent, first.vevent
    assert (update.method.value, event.uid.value, event.sequence.value) == (
        "REQUEST",
        before.uid.value,
        "1",
    )
    assert event.location.value == NEW_ROOM
    assert texts(h, SAM)[-1].startswith(f"Changed the session for “{TITLE}”.")

    # Ben's session is the second in the report.
    cancel = await open_dialog(h, SAM, button(await sessions_report(h), "Cancel session", nth=1))
    assert cancel["title"] == "Cancel the session"
    assert await submit_dialog(h, SAM, cancel, {"note": "Sorry, the room fell through."}) == {}
    [cancelled] = [p for p in chat(h, BEN) if "is cancelled" in (p.text or "")]
    ics = await calendar_file(h, cancelled)
    assert (ics.method.value, ics.vevent.status.value, ics.vevent.sequence.value) == (
        "CANCEL",
        "CANCELLED",
        "1",
    )
    assert texts(h, SAM)[-1].startswith(f"Cancelled the session for “{TITLE}”")
    h.teams.assert_no_problems()
