"""Changing, rescheduling and cancelling a confirmed session, through signed requests and
the fake Slack: the coordinator's forms from /cohort sessions, the leaders' messages with
calendar files that update or cancel the event they hold (same UID, higher SEQUENCE),
the reminders that follow the session, and the channel's announcement kept true."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.slack.conftest import AMIRA, BEN, SAM, Harness
from tests.slack.question_steps import bot_posts, settle
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_polls_e2e import (
    COHORT,
    LINK,
    ROOM,
    SLOT_A,
    SLOT_B,
    TITLE,
    at,
    buttons,
    confirmed,
    event_of,
    inputs_by_label,
    items,
    paragraphs,
    run_at,
    texts_to,
)

pytestmark = pytest.mark.manual_outbox

CHANGE, CANCEL = "session_change", "session_cancel"
NEW_LINK = "https://meet.example.org/reflection-1b"
NOTES = "Read module 4 first."
MOVED = "Thursday 21 January 2027, 10:00 to 11:00"
ABOUT = ("Coming up", "In an hour", "Thank you for taking part")


def calendar_files_to(h: Harness, user: str) -> list[tuple[str, str]]:
    """Each calendar file shared in `user`'s DM, oldest first: (comment, file text)."""
    found = []
    for shared in h.slack.ws.shared_files:
        upload = h.slack.ws.uploads[shared["file_id"]]
        if shared["channel"] == "D" + user and upload["filename"].endswith(".ics"):
            found.append((shared["initial_comment"], upload["content"].decode("utf-8")))
    return found


def method_of(ics: str) -> str:
    [line] = [line for line in ics.split("\r\n") if line.startswith("METHOD:")]
    return line.removeprefix("METHOD:")


async def sessions_report(h: Harness) -> dict[str, Any]:
    return await reply_to(h, "/cohort", "sessions", SAM)


def session_value(report: dict[str, Any], action: str, nth: int) -> str:
    """The value of the `nth` (from 0) Change or Cancel session button in the report."""
    return [value for _, a, value in buttons(report["blocks"]) if a == action][nth]


async def open_form(h: Harness, action: str, value: str, user: str = SAM) -> dict[str, Any]:
    """Press Change or Cancel session in the report; the modal the bot opened."""
    [*_, latest] = bot_posts(h, "D" + SAM)  # the report is private; any DM message holds it
    before = len(h.api.calls_to("views.open"))
    response = await h.slack.block_action(
        user, action, value, channel_id="D" + SAM, message_ts=latest["ts"]
    )
    assert response.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(user)
    assert view is not None
    return view


def initial_values(view: dict[str, Any]) -> dict[str, Any]:
    """What each input of a modal shows at first, by label."""
    shown = {}
    for block in view["blocks"]:
        if block["type"] == "input":
            element = block["element"]
            shown[block["label"]["text"]] = (
                element.get("initial_date")
                or element.get("initial_time")
                or element.get("initial_value")
                or (element.get("initial_option") or {}).get("value")
            )
    return shown


async def submit(h: Harness, view: dict[str, Any], values: dict[str, str]) -> None:
    ids = inputs_by_label(view)
    answer = await h.slack.submit(
        SAM, {ids[label]: v for label, v in values.items()}, view_id=view["id"]
    )
    assert answer.status == 200
    await settle(h)


async def test_a_changed_place_and_notes_reach_the_sessions_leader_with_an_updated_file(
    harness: Harness,
) -> None:
    h = harness
    await confirmed(h)
    [(_, first)] = calendar_files_to(h, AMIRA)
    h.clock.set(at("2027-01-18", 10, 0))
    report = await sessions_report(h)
    assert items(report["blocks"]) == {
        SLOT_A: f"Online: {LINK}. 1 leader: Amira Khan. Attended 0, missed 0; no ratings yet.",
        SLOT_B: f"Online: {ROOM}. 1 leader: Ben Adeyemi. Attended 0, missed 0; no ratings yet.",
    }
    assert [(label, a) for label, a, _ in buttons(report["blocks"])] == [
        ("Change", CHANGE),
        ("Cancel session", CANCEL),
    ] * 2
    view = await open_form(h, CHANGE, session_value(report, CHANGE, 0))
    assert (view["callback_id"], view["title"]["text"], view["submit"]["text"]) == (
        "session_change_form",
        "Change the session",
        "Send the changes",
    )
    assert initial_values(view) == {
        "Date": "2027-01-19",
        "Start time": "14:00",
        "Length": "90",
        "Joining link or room": LINK,
        "Format": "Online",
        "Notes for the leaders": None,
    }
    await submit(h, view, {"Joining link or room": NEW_LINK, "Notes for the leaders": NOTES})

    [_, (comment, ics)] = calendar_files_to(h, AMIRA)
    assert comment == (
        f"Your session for “{TITLE}” has changed: where it is and the notes. "
        f"It is on {SLOT_A} (Europe/London). Online. {NEW_LINK} {NOTES}"
    )
    before, after = event_of(first), event_of(ics)
    assert (method_of(first), method_of(ics)) == ("PUBLISH", "REQUEST")
    assert after.uid.value == before.uid.value
    assert (before.sequence.value, after.sequence.value) == ("0", "1")
    assert after.dtstart.value == before.dtstart.value
    assert (after.location.value, after.url.value) == (NEW_LINK, NEW_LINK)
    assert NOTES in after.description.value
    assert after.dtstamp.value == at("2027-01-18", 10, 0)
    assert calendar_files_to(h, BEN)[1:] == []  # Ben's session did not change
    assert texts_to(h, SAM, "Changed") == [
        f"Changed the session for “{TITLE}”. It is on {SLOT_A}. 1 leader gets the new details "
        "and a calendar file now, or at the start of the next working day."
    ]
    report = await sessions_report(h)
    assert items(report["blocks"])[SLOT_A].startswith(f"Online: {NEW_LINK}. 1 leader")
    h.api.assert_no_problems()


async def test_a_rescheduled_session_is_reminded_at_its_new_time_and_the_channel_shows_it(
    harness: Harness,
) -> None:
    h = harness
    await confirmed(h)
    await run_at(h, at("2027-01-18", 14, 0))  # the day before A: Amira is reminded
    assert texts_to(h, AMIRA, *ABOUT) == [f"Coming up: “{TITLE}”, {SLOT_A}. {LINK}"]
    report = await sessions_report(h)
    view = await open_form(h, CHANGE, session_value(report, CHANGE, 0))
    await submit(h, view, {"Date": "2027-01-21", "Start time": "10:00", "Length": "60"})

    [_, (comment, ics)] = calendar_files_to(h, AMIRA)
    assert comment == (
        f"Your session for “{TITLE}” has changed: the time. "
        f"It is on {MOVED} (Europe/London). Online. {LINK}"
    )
    event = event_of(ics)
    assert method_of(ics) == "REQUEST" and event.sequence.value == "1"
    assert event.dtstart.value.astimezone(UTC) == datetime(2027, 1, 21, 10, 0, tzinfo=UTC)
    assert event.duration.value == timedelta(hours=1)
    [announced] = [m for m in bot_posts(h, COHORT) if m["text"].startswith("The dates for")]
    assert items(announced["blocks"]) == {
        MOVED: "1 leader, Online",
        SLOT_B: "1 leader, Online",
    }
    for moment in (
        at("2027-01-19", 13, 0),  # an hour before the old time: nothing now
        at("2027-01-19", 16, 0),  # the old end: no feedback
        at("2027-01-20", 10, 0),  # the day before the new time
        at("2027-01-21", 9, 0),  # an hour before
        at("2027-01-21", 11, 0),  # the end
    ):
        await run_at(h, moment)
    assert texts_to(h, AMIRA, *ABOUT) == [
        f"Coming up: “{TITLE}”, {SLOT_A}. {LINK}",
        f"Coming up: “{TITLE}”, {MOVED}. {LINK}",
        f"In an hour: “{TITLE}”, {MOVED}. {LINK}",
        f"Thank you for taking part in “{TITLE}”. Did you attend? "
        "How useful was it, from 1 (not at all) to 5 (very)?",
    ]
    # Once it has begun it can no longer be changed: the report shows no buttons for it.
    report = await sessions_report(h)
    assert [a for _, a, _ in buttons(report["blocks"])] == []
    h.api.assert_no_problems()


async def test_a_cancelled_session_sends_a_cancellation_file_and_nothing_after(
    harness: Harness,
) -> None:
    h = harness
    await confirmed(h)
    [(_, first)] = calendar_files_to(h, BEN)
    h.clock.set(at("2027-01-18", 11, 0))
    report = await sessions_report(h)
    value = session_value(report, CANCEL, 1)
    view = await open_form(h, CANCEL, value)
    assert (view["title"]["text"], view["submit"]["text"], view["close"]["text"]) == (
        "Cancel the session",
        "Cancel the session",
        "Keep it",
    )
    assert paragraphs(view["blocks"])[0] == (
        f"“{TITLE}”, {SLOT_B}. The leader in it will be told it is cancelled, "
        "with a calendar file that takes it out of their calendar."
    )
    await submit(h, view, {"A note for the leaders": "The room is closed for repairs."})

    [_, (comment, ics)] = calendar_files_to(h, BEN)
    assert comment == (
        f"Your session for “{TITLE}” on {SLOT_B} (Europe/London) is cancelled. "
        "The coordinators say: The room is closed for repairs."
    )
    event = event_of(ics)
    assert method_of(ics) == "CANCEL"
    assert event.status.value == "CANCELLED"
    assert (event.uid.value, event.sequence.value) == (event_of(first).uid.value, "1")
    assert texts_to(h, SAM, "Cancelled") == [
        f"Cancelled the session for “{TITLE}” on {SLOT_B}. 1 leader gets the news and a "
        "calendar file that takes it out now, or at the start of the next working day."
    ]
    report = await sessions_report(h)
    assert items(report["blocks"])[SLOT_B] == "Cancelled. 1 leader: Ben Adeyemi."
    assert [v for _, _, v in buttons(report["blocks"])] == [session_value(report, CHANGE, 0)] * 2
    [announced] = [m for m in bot_posts(h, COHORT) if m["text"].startswith("The dates for")]
    assert items(announced["blocks"])[SLOT_B] == "Cancelled"
    # The old button says so; the reminders and feedback never come.
    await open_form_refused(
        h, CANCEL, value, f"The session for “{TITLE}” on {SLOT_B} is cancelled."
    )
    for moment in (at("2027-01-19", 10, 0), at("2027-01-20", 9, 0), at("2027-01-20", 12, 0)):
        await run_at(h, moment)
    assert texts_to(h, BEN, *ABOUT) == []
    assert texts_to(h, AMIRA, *ABOUT) == [  # Amira's session goes on
        f"Coming up: “{TITLE}”, {SLOT_A}. {LINK}",
        f"Thank you for taking part in “{TITLE}”. Did you attend? "
        "How useful was it, from 1 (not at all) to 5 (very)?",
    ]
    h.api.assert_no_problems()


async def open_form_refused(h: Harness, action: str, value: str, said: str) -> None:
    """Press a button that no longer opens its form; the bot answers instead."""
    [*_, latest] = bot_posts(h, "D" + SAM)
    before = len(h.api.calls_to("response_url"))
    await h.slack.block_action(SAM, action, value, channel_id="D" + SAM, message_ts=latest["ts"])
    calls = await h.api.wait_for("response_url", count=before + 1)
    assert calls[-1].args["text"] == said


async def test_news_out_of_hours_waits_for_the_morning_and_replaces_what_had_not_gone(
    harness: Harness,
) -> None:
    h = harness
    await confirmed(h)  # on Friday at 17:15: the invitations went at once
    report = await sessions_report(h)
    view = await open_form(h, CHANGE, session_value(report, CHANGE, 1))
    h.clock.set(at("2027-01-15", 19, 0))  # after hours: the change waits for Monday
    await submit(h, view, {"Joining link or room": "Room 5, City Hall"})
    assert calendar_files_to(h, BEN)[1:] == []
    # A second change before Monday takes the place of the first, which never goes.
    report = await sessions_report(h)
    view = await open_form(h, CHANGE, session_value(report, CHANGE, 1))
    await submit(h, view, {"Joining link or room": "Room 6, City Hall"})
    await run_at(h, at("2027-01-18", 8, 0))
    [_, (comment, ics)] = calendar_files_to(h, BEN)
    assert comment.endswith("Online. Room 6, City Hall")
    assert event_of(ics).sequence.value == "2"
    h.api.assert_no_problems()


async def test_a_form_opened_before_another_change_changes_nothing(harness: Harness) -> None:
    h = harness
    await confirmed(h)
    h.clock.set(at("2027-01-18", 10, 0))
    report = await sessions_report(h)
    older = await open_form(h, CHANGE, session_value(report, CHANGE, 0))
    newer = await open_form(h, CHANGE, session_value(report, CHANGE, 0))
    await submit(h, newer, {"Joining link or room": NEW_LINK})
    await submit(h, older, {"Joining link or room": "https://elsewhere.example.org"})
    await submit(h, newer, {"Joining link or room": "https://again.example.org"})  # sent twice
    assert [c for c, _ in calendar_files_to(h, AMIRA)][1:] == [
        f"Your session for “{TITLE}” has changed: where it is. "
        f"It is on {SLOT_A} (Europe/London). Online. {NEW_LINK}"
    ]
    assert texts_to(h, SAM, "Changed", "Someone") == [
        f"Changed the session for “{TITLE}”. It is on {SLOT_A}. 1 leader gets the new details "
        "and a calendar file now, or at the start of the next working day.",
        "Someone changed this session after you opened the form, so I changed nothing. "
        "See it as it is now with /cohort sessions.",
    ]
    h.api.assert_no_problems()


async def test_a_session_cannot_move_into_the_past_and_leaders_cannot_change_it(
    harness: Harness,
) -> None:
    h = harness
    await confirmed(h)
    h.clock.set(at("2027-01-18", 10, 0))
    report = await sessions_report(h)
    value = session_value(report, CHANGE, 0)
    view = await open_form(h, CHANGE, value)
    ids = inputs_by_label(view)
    answer = await h.slack.submit(SAM, {ids["Date"]: "2027-01-18", ids["Start time"]: "09:00"})
    assert answer.json == {
        "response_action": "errors",
        "errors": {ids["Date"]: "That time has passed. Choose a later one."},
    }
    # A leader pressing the button (whatever reaches the app) is refused.
    [*_, latest] = bot_posts(h, "D" + AMIRA)
    before = len(h.api.calls_to("response_url"))
    await h.slack.block_action(
        AMIRA, CHANGE, value, channel_id="D" + AMIRA, message_ts=latest["ts"]
    )
    calls = await h.api.wait_for("response_url", count=before + 1)
    assert calls[-1].args["text"] == "Only the cohort's coordinators can do that."
    assert h.slack.ws.open_modal(AMIRA) is None
    h.api.assert_no_problems()
