"""Reflection-session polls through signed requests and the fake Slack: the form and its
checks, votes with live counts, reminders, closing, confirming with calendar files,
session reminders and feedback."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import vobject

from tests.fakes.block_find import Choice
from tests.fakes.calls import Call
from tests.slack.conftest import AMIRA, BEN, FATIMA, LONDON, SAM, Harness
from tests.slack.question_steps import bot_posts, settle
from tests.slack.test_commands_e2e import reply_to

# The tests run the rhythm and send the outbox themselves, at known moments.
pytestmark = pytest.mark.manual_outbox

COHORT, COORDINATORS = "C0COHORT01", "C0COORDIN1"
TITLE = "Reflection session"
# Week 2 of the test cohort; the clock starts on Wednesday 13 January 2027 at 10:00.
SLOT_A = "Tuesday 19 January 2027, 14:00 to 15:30"
SLOT_B = "Wednesday 20 January 2027, 10:00 to 11:00"
DEADLINE = "Friday 15 January 2027 at 17:00"
LEAD = (
    "Which of these times could you make? Answer for each one. "
    f"You can change your answers until {DEADLINE}."
)
CLOSED = "Votes are closed. Thank you for answering."
NO_COUNTS = "Yes 0 · If need be 0 · No 0"
LINK, ROOM = "https://meet.example.org/reflection-1", "Room 4, City Hall"
REMINDER = f"A reminder: please answer the poll “{TITLE}” by {DEADLINE}. It takes a minute."
YES, IF_NEED_BE, NO, FORMAT = "poll_yes", "poll_if_need_be", "poll_no", "poll_format"
CONFIRM = "poll_confirm"
ATTENDED, RATE_4, COMMENT = "session_attended", "session_rate_4", "session_comment"


def at(day: str, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock time."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


def filled(**changes: Choice) -> dict[str, Choice]:
    """A good poll form, by action id: two slots in week 2, votes close on Friday of week 1.

    Give a key None to leave that input empty.
    """
    values: dict[str, Choice] = {
        "title": TITLE,
        "slot1_date": "2027-01-19",
        "slot1_time": "14:00",
        "slot1_length": "90",
        "slot2_date": "2027-01-20",
        "slot2_time": "10:00",
        "slot2_length": "60",
        "formats": ["Online", "In person"],
        "deadline_date": "2027-01-15",
        "deadline_time": "17:00",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


async def run_at(h: Harness, moment: datetime) -> None:
    """Move the clock to `moment`, run the rhythm as the scheduler would, send the outbox."""
    h.clock.set(moment)
    await h.bot.core.services.rhythm.run_due()
    await settle(h)


async def open_poll_form(h: Harness, user: str = SAM) -> dict[str, Any]:
    """Type `/cohort poll`; the modal the bot opened."""
    before = len(h.api.calls_to("views.open"))
    response = await h.slack.slash_command("/cohort", "poll", user)
    assert response.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(user)
    assert view is not None
    return view


async def start_poll(h: Harness, values: dict[str, Choice]) -> dict[str, Any]:
    """SAM opens the poll form, fills it in and sends it; the poll as posted in the channel."""
    await open_poll_form(h)
    answer = await h.slack.submit(SAM, values)
    assert answer.status == 200 and not answer.body  # an empty answer closes the modal
    await settle(h)
    [post] = poll_posts(h, COHORT)
    return post


def poll_posts(h: Harness, channel: str) -> list[dict[str, Any]]:
    """The poll's messages in a channel (the post, or a leader's own copy), as they stand."""
    return [m for m in bot_posts(h, channel) if m["text"].startswith(f"{TITLE}: ")]


def copy_for(h: Harness, user: str) -> dict[str, Any]:
    [copy] = poll_posts(h, "D" + user)
    return copy


def as_list(blocks: Any) -> list[dict[str, Any]]:
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks or [])


def items(blocks: Any) -> dict[str, str]:
    """Each item shown (a bold title and its detail below), detail by title."""
    shown: dict[str, str] = {}
    for block in as_list(blocks):
        text = (block.get("text") or {}).get("text", "")
        if block["type"] == "section" and text.startswith("*"):
            title, _, detail = text.partition("\n")
            shown[title.strip("*")] = detail
    return shown


def paragraphs(blocks: Any) -> list[str]:
    """The plain sections and context lines shown, in order."""
    found = []
    for block in as_list(blocks):
        if block["type"] == "section" and "text" in block:
            text = block["text"]["text"]
            if not text.startswith("*"):
                found.append(text)
        elif block["type"] == "context":
            found += [e["text"] for e in block["elements"]]
    return found


def buttons(blocks: Any) -> list[tuple[str, str, str]]:
    """(label, action id, value) of every button shown."""
    return [
        (e["text"]["text"], e["action_id"], e.get("value", ""))
        for block in as_list(blocks)
        if block["type"] == "actions"
        for e in block["elements"]
    ]


def slot_button(message: dict[str, Any], when: str, action: str) -> str:
    """The value of the `action` button under the slot shown as `when`."""
    blocks = as_list(message["blocks"])
    for i, block in enumerate(blocks):
        if block["type"] == "section" and block["text"]["text"].startswith(f"*{when}*"):
            following = blocks[i + 1]
            assert following["type"] == "actions", f"no buttons under {when}"
            [value] = [e["value"] for e in following["elements"] if e["action_id"] == action]
            return str(value)
    raise LookupError(f"no slot {when} in {message['text']}")


async def press(
    h: Harness, user: str, action: str, message: dict[str, Any], value: str | None = None
) -> str:
    """Press a button the bot showed in `message` (the one with `value`, if given); the
    text of the private answer."""
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.click(
        user, action, value, channel_id=message["channel"], message_ts=message["ts"]
    )
    assert response.status == 200
    calls = await h.api.wait_for("response_url", count=before + 1)
    await settle(h)
    answer = calls[-1].args
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    return str(answer["text"])


async def vote(h: Harness, user: str, action: str, message: dict[str, Any], when: str) -> str:
    """`user` presses Yes, If need be or No under the slot `when` in `message`."""
    return await press(h, user, action, message, slot_button(message, when, action))


async def choose_format(h: Harness, user: str, message: dict[str, Any], label: str) -> str:
    [value] = [v for text, a, v in buttons(message["blocks"]) if a == FORMAT and text == label]
    return await press(h, user, FORMAT, message, value)


def updates_of(h: Harness, message: dict[str, Any]) -> list[Call]:
    """Every chat.update of `message`, oldest first."""
    return [
        c
        for c in h.api.calls_to("chat.update")
        if c.args["ts"] == message["ts"]
        and h.slack.ws.resolve_channel(c.args["channel"]) == message["channel"]
    ]


def shown(h: Harness, message: dict[str, Any]) -> dict[str, Any]:
    """`message` as it stands now in Slack, after any updates."""
    return h.slack.ws.messages[(message["channel"], message["ts"])]


def texts_to(h: Harness, user: str, *starts: str) -> list[str]:
    """The texts the bot posted to `user` that start with any of `starts`, in order."""
    return [
        c.args["text"]
        for c in h.api.calls_to("chat.postMessage")
        if c.args["channel"] in (user, "D" + user) and c.args["text"].startswith(starts)
    ]


async def cohort_id(h: Harness) -> int:
    async with h.bot.core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find("test-cohort")
    assert cohort is not None and cohort.id is not None
    return cohort.id


async def stored_polls(h: Harness) -> list[Any]:
    cohort = await cohort_id(h)
    async with h.bot.core.services.ctx.uow() as uow:
        return list(await uow.polls.for_cohort(cohort))


def proposals(h: Harness) -> list[dict[str, Any]]:
    """The proposals in the coordinators' channel (not the weekly digests)."""
    return [m for m in bot_posts(h, COORDINATORS) if m["text"].startswith(f"The poll “{TITLE}”")]


async def voted_and_closed(h: Harness, capacity: str | None = "1") -> dict[str, Any]:
    """A poll where Amira can make only slot A and Ben only slot B; closed at its deadline.

    With room for one leader a session, that makes two sessions. The channel post.
    """
    post = await start_poll(h, filled(capacity=capacity))
    await vote(h, AMIRA, YES, post, SLOT_A)
    await vote(h, AMIRA, NO, post, SLOT_B)
    await choose_format(h, AMIRA, copy_for(h, AMIRA), "Online")
    await vote(h, BEN, NO, post, SLOT_A)
    await vote(h, BEN, YES, post, SLOT_B)
    await choose_format(h, BEN, copy_for(h, BEN), "In person")
    await run_at(h, at("2027-01-15", 17, 0))
    return post


async def open_confirm_form(h: Harness, proposal: dict[str, Any]) -> dict[str, Any]:
    """SAM presses "Confirm and invite" in the proposal; the modal the bot opened."""
    before = len(h.api.calls_to("views.open"))
    response = await h.slack.click(
        SAM, CONFIRM, channel_id=proposal["channel"], message_ts=proposal["ts"]
    )
    assert response.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(SAM)
    assert view is not None
    return view


def inputs_by_label(view: dict[str, Any]) -> dict[str, str]:
    """The action id of each input in a modal, by its label."""
    return {
        b["label"]["text"]: b["element"]["action_id"]
        for b in view["blocks"]
        if b["type"] == "input"
    }


async def confirmed(h: Harness) -> None:
    """Close the two-session poll, and SAM confirms it with a link for A and a room for B."""
    await voted_and_closed(h)
    [proposal] = proposals(h)
    h.clock.set(at("2027-01-15", 17, 15))
    view = await open_confirm_form(h, proposal)
    ids = inputs_by_label(view)
    places = {
        ids[f"Joining link or room: {SLOT_A}"]: LINK,
        ids[f"Joining link or room: {SLOT_B}"]: ROOM,
    }
    answer = await h.slack.submit(SAM, places)
    assert answer.status == 200 and not answer.body
    await settle(h)


def calendar_files(h: Harness) -> list[dict[str, Any]]:
    """Every .ics file shared so far (the rhythm shares other files, such as charts)."""
    return [
        shared
        for shared in h.slack.ws.shared_files
        if h.slack.ws.uploads[shared["file_id"]]["filename"].endswith(".ics")
    ]


def uploaded_invites(h: Harness) -> dict[str, tuple[str, str]]:
    """Each calendar file shared, by the DM it went to: (initial comment, file text)."""
    found: dict[str, tuple[str, str]] = {}
    for shared in calendar_files(h):
        upload = h.slack.ws.uploads[shared["file_id"]]
        assert upload["filename"] == "reflection-session.ics"
        assert shared["channel"] not in found, f"two calendar files to {shared['channel']}"
        found[shared["channel"]] = (shared["initial_comment"], upload["content"].decode("utf-8"))
    return found


def event_of(ics: str) -> Any:
    """The one VEVENT of an .ics file, read by vobject (a reader other than the writer's)."""
    calendar = vobject.readOne(ics)
    [event] = calendar.contents["vevent"]
    return event


# 1. The form and its checks


async def test_the_poll_form_has_a_title_ten_slots_formats_a_deadline_and_options(
    harness: Harness,
) -> None:
    h = harness
    view = await open_poll_form(h)
    assert (view["callback_id"], view["title"]["text"], view["submit"]["text"]) == (
        "poll_form",
        "Reflection session poll",
        "Start the poll",
    )
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    kinds = {block_id: b["element"]["type"] for block_id, b in inputs.items()}
    assert kinds["title"] == "plain_text_input"
    for n in range(1, 11):
        assert kinds[f"slot{n}_date"] == "datepicker"
        assert kinds[f"slot{n}_time"] == "timepicker"
        assert kinds[f"slot{n}_length"] == "static_select"
        length = inputs[f"slot{n}_length"]["element"]
        assert [o["value"] for o in length["options"]] == ["30", "45", "60", "90", "120"]
        assert length["initial_option"]["value"] == "60"
        assert inputs[f"slot{n}_date"]["label"]["text"] == f"Slot {n}: date"
        assert bool(inputs[f"slot{n}_date"].get("optional")) is (n > 1)
    assert "slot11_date" not in kinds
    formats = inputs["formats"]["element"]
    assert formats["type"] == "checkboxes"
    assert [o["value"] for o in formats["options"]] == ["Online", "In person", "Hybrid"]
    assert (kinds["deadline_date"], kinds["deadline_time"]) == ("datepicker", "timepicker")
    assert kinds["capacity"] == "plain_text_input" and inputs["capacity"]["optional"]
    hide = inputs["options"]["element"]
    assert hide["type"] == "checkboxes"
    assert [o["text"]["text"] for o in hide["options"]] == ["Hide the counts until the poll closes"]
    h.api.assert_no_problems()


async def test_each_problem_in_the_form_is_shown_under_its_field_and_no_poll_is_stored(
    harness: Harness,
) -> None:
    h = harness
    await open_poll_form(h)
    # The lengths come from a list of whole numbers of minutes, so no slot can end before
    # it starts; there is no such problem to give.
    answer = await h.slack.submit(
        SAM,
        filled(
            slot1_date="2027-01-12",  # Tuesday of week 1: yesterday
            slot1_time="10:00",
            slot3_date="2027-01-20",  # the same as slot 2
            slot3_time="10:00",
            slot3_length="60",
            slot4_date="2027-01-21",  # a date but no time
            deadline_date="2027-01-21",  # after the first good slot, Wednesday 20 January
            capacity="0",
        ),
    )
    assert answer.status == 200
    assert answer.json == {
        "response_action": "errors",
        "errors": {
            "slot1_date": "Slot 1 is in the past. Choose a later time.",
            "slot3_date": "Slot 3 is the same as slot 2.",
            "slot4_time": "Give slot 4 both a date and a start time.",
            "deadline_date": (
                "Close the votes before the first slot (Wednesday 20 January 2027 at 10:00)."
            ),
            "capacity": "Give a whole number from 1 to 1,000, or leave it empty.",
        },
    }
    assert h.slack.ws.open_modal(SAM) is not None  # the modal stays open to put it right
    await settle(h)
    assert await stored_polls(h) == []
    assert poll_posts(h, COHORT) == [] and poll_posts(h, "D" + AMIRA) == []
    h.api.assert_no_problems()


async def test_a_leader_cannot_start_a_poll(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/cohort", "poll", AMIRA)
    assert reply["text"] == (
        "/cohort is for the cohort's coordinators. If you need it, ask a coordinator. "
        "Your own progress is at /progress."
    )
    assert h.api.calls_to("views.open") == []
    assert await stored_polls(h) == []


# 2. Votes and live counts


async def test_a_poll_goes_to_the_channel_and_each_leader_and_the_coordinator_is_told(
    harness: Harness,
) -> None:
    h = harness
    post = await start_poll(h, filled())
    assert post["text"] == f"{TITLE}: {LEAD}"
    assert items(post["blocks"]) == {SLOT_A: NO_COUNTS, SLOT_B: NO_COUNTS}
    assert "Which format would you prefer for the session?" in paragraphs(post["blocks"])
    assert [(label, action) for label, action, _ in buttons(post["blocks"])] == [
        ("Yes", YES),
        ("If need be", IF_NEED_BE),
        ("No", NO),
    ] * 2 + [("Online", FORMAT), ("In person", FORMAT)]
    for user in (AMIRA, BEN):
        copy = copy_for(h, user)
        assert copy["text"] == f"{TITLE}: {LEAD}"
        assert items(copy["blocks"]) == {
            SLOT_A: f"You have not answered. {NO_COUNTS}",
            SLOT_B: f"You have not answered. {NO_COUNTS}",
        }
    assert texts_to(h, SAM, "Your poll") == [
        f"Your poll “{TITLE}” is open. I have posted it in the cohort channel and sent it to "
        f"2 leaders. Votes close on {DEADLINE}."
    ]
    h.api.assert_no_problems()


async def test_a_vote_updates_the_channel_count_and_the_leaders_own_copy_in_place(
    harness: Harness,
) -> None:
    h = harness
    post = await start_poll(h, filled())
    copy = copy_for(h, AMIRA)
    answer = await vote(h, AMIRA, YES, post, SLOT_A)
    assert answer == f"Saved: Yes for {SLOT_A} in “{TITLE}”. You can change it until {DEADLINE}."
    [update] = updates_of(h, post)
    assert items(update.args["blocks"])[SLOT_A] == "Yes 1 · If need be 0 · No 0"
    assert items(shown(h, post)["blocks"]) == {
        SLOT_A: "Yes 1 · If need be 0 · No 0",
        SLOT_B: NO_COUNTS,
    }
    [mine] = updates_of(h, copy)
    assert mine.args["channel"] in (AMIRA, "D" + AMIRA)
    assert items(shown(h, copy)["blocks"]) == {
        SLOT_A: "Your answer: Yes. Yes 1 · If need be 0 · No 0",
        SLOT_B: f"You have not answered. {NO_COUNTS}",
    }
    # Yes, the button she chose, is marked in her copy.
    [yes] = [
        e
        for b in as_list(shown(h, copy)["blocks"])
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == YES and e["value"] == slot_button(post, SLOT_A, YES)
    ]
    assert yes.get("style") == "primary"
    assert len(poll_posts(h, COHORT)) == 1 and len(poll_posts(h, "D" + AMIRA)) == 1
    assert updates_of(h, copy_for(h, BEN)) == []  # Ben's copy is his own
    # Only leaders answer: the coordinator and a moderator in the channel are told so.
    for someone in (SAM, FATIMA):
        answer = await vote(h, someone, YES, shown(h, post), SLOT_B)
        assert answer == "Only the cohort's leaders can answer this poll."
    assert items(shown(h, post)["blocks"])[SLOT_B] == NO_COUNTS
    assert len(updates_of(h, post)) == 1
    h.api.assert_no_problems()


async def test_pressing_twice_counts_once_and_a_change_moves_the_count(harness: Harness) -> None:
    h = harness
    post = await start_poll(h, filled())
    await vote(h, AMIRA, YES, post, SLOT_A)
    await vote(h, AMIRA, YES, shown(h, post), SLOT_A)
    assert items(shown(h, post)["blocks"])[SLOT_A] == "Yes 1 · If need be 0 · No 0"
    answer = await vote(h, AMIRA, NO, shown(h, post), SLOT_A)
    assert answer == f"Saved: No for {SLOT_A} in “{TITLE}”. You can change it until {DEADLINE}."
    assert items(shown(h, post)["blocks"])[SLOT_A] == "Yes 0 · If need be 0 · No 1"
    assert items(shown(h, copy_for(h, AMIRA))["blocks"])[SLOT_A] == (
        "Your answer: No. Yes 0 · If need be 0 · No 1"
    )
    await vote(h, BEN, IF_NEED_BE, shown(h, post), SLOT_A)
    assert items(shown(h, post)["blocks"])[SLOT_A] == "Yes 0 · If need be 1 · No 1"
    h.api.assert_no_problems()


async def test_coordinators_see_who_answered_what_and_who_has_not(harness: Harness) -> None:
    h = harness
    post = await start_poll(h, filled())
    await vote(h, AMIRA, YES, post, SLOT_A)
    await vote(h, AMIRA, NO, shown(h, post), SLOT_B)
    answer = await choose_format(h, BEN, copy_for(h, BEN), "In person")
    assert answer == f"Saved: you would prefer in person for “{TITLE}”."
    assert "Which format would you prefer for the session? You chose: In person." in paragraphs(
        shown(h, copy_for(h, BEN))["blocks"]
    )
    results = await reply_to(h, "/cohort", "poll results", SAM)
    assert results["text"] == f"Answers to {TITLE}"
    assert items(results["blocks"]) == {
        SLOT_A: "Yes: Amira Khan; If need be: nobody; No: nobody",
        SLOT_B: "Yes: nobody; If need be: nobody; No: Amira Khan",
        "Online": "nobody",
        "In person": "Ben Adeyemi",
    }
    missing = await reply_to(h, "/cohort", "poll missing", SAM)
    assert missing["text"] == f"1 leader has not answered “{TITLE}”. Ben Adeyemi"
    await vote(h, BEN, YES, shown(h, post), SLOT_B)
    missing = await reply_to(h, "/cohort", "poll missing", SAM)
    assert missing["text"] == f"Every leader has answered “{TITLE}”."
    refused = await reply_to(h, "/cohort", "poll results", AMIRA)
    assert refused["text"].startswith("/cohort is for the cohort's coordinators.")
    h.api.assert_no_problems()


async def test_hidden_counts_stay_out_of_the_channel_until_the_poll_closes(
    harness: Harness,
) -> None:
    h = harness
    post = await start_poll(h, filled(options=["hide"]))
    assert items(post["blocks"]) == {SLOT_A: "", SLOT_B: ""}
    assert "The counts stay hidden until the poll closes." in paragraphs(post["blocks"])
    await vote(h, AMIRA, YES, post, SLOT_A)
    assert updates_of(h, post) == []
    assert items(shown(h, copy_for(h, AMIRA))["blocks"]) == {
        SLOT_A: "Your answer: Yes",
        SLOT_B: "You have not answered",
    }
    await run_at(h, at("2027-01-15", 17, 0))
    [closing] = updates_of(h, post)
    assert closing.args["text"] == f"{TITLE}: {CLOSED}"
    assert items(shown(h, post)["blocks"]) == {
        SLOT_A: "Yes 1 · If need be 0 · No 0",
        SLOT_B: NO_COUNTS,
    }
    h.api.assert_no_problems()


# 3. Reminders before the deadline


async def test_leaders_who_have_not_answered_are_reminded_48_and_24_hours_before(
    harness: Harness,
) -> None:
    h = harness
    post = await start_poll(h, filled())
    await vote(h, AMIRA, YES, post, SLOT_A)
    for moment in (
        at("2027-01-13", 16, 59),
        at("2027-01-13", 17, 0),  # 48 hours before
        at("2027-01-13", 17, 30),
        at("2027-01-14", 9, 0),
        at("2027-01-14", 16, 59),
    ):
        await run_at(h, moment)
    assert texts_to(h, BEN, "A reminder") == [REMINDER]
    for moment in (
        at("2027-01-14", 17, 0),  # 24 hours before
        at("2027-01-14", 17, 1),
        at("2027-01-15", 9, 0),
        at("2027-01-15", 16, 59),
    ):
        await run_at(h, moment)
    assert texts_to(h, BEN, "A reminder") == [REMINDER, REMINDER]
    assert texts_to(h, AMIRA, "A reminder") == []
    assert texts_to(h, SAM, "A reminder") == []
    h.api.assert_no_problems()


async def test_a_leader_who_answers_after_the_first_reminder_gets_no_second(
    harness: Harness,
) -> None:
    h = harness
    post = await start_poll(h, filled())
    await run_at(h, at("2027-01-13", 17, 0))
    assert texts_to(h, AMIRA, "A reminder") == texts_to(h, BEN, "A reminder") == [REMINDER]
    await vote(h, BEN, NO, post, SLOT_A)
    await run_at(h, at("2027-01-14", 17, 0))
    await run_at(h, at("2027-01-15", 12, 0))
    assert texts_to(h, AMIRA, "A reminder") == [REMINDER, REMINDER]
    assert texts_to(h, BEN, "A reminder") == [REMINDER]
    h.api.assert_no_problems()


# 4. The deadline


async def test_a_vote_after_the_deadline_is_refused_and_not_counted(harness: Harness) -> None:
    h = harness
    post = await start_poll(h, filled())
    await vote(h, AMIRA, YES, post, SLOT_A)
    h.clock.set(at("2027-01-15", 17, 0))  # the rhythm has not closed it yet
    refused = f"Sorry, votes for “{TITLE}” have closed. Your answer was not counted."
    assert await vote(h, BEN, YES, shown(h, post), SLOT_A) == refused
    assert await vote(h, AMIRA, NO, copy_for(h, AMIRA), SLOT_A) == refused
    assert items(shown(h, post)["blocks"])[SLOT_A] == "Yes 1 · If need be 0 · No 0"
    results = await reply_to(h, "/cohort", "poll results", SAM)
    assert items(results["blocks"])[SLOT_A] == "Yes: Amira Khan; If need be: nobody; No: nobody"
    # Still refused once the poll is closed, from the copy that still shows buttons.
    await run_at(h, at("2027-01-15", 17, 1))
    assert await vote(h, BEN, YES, copy_for(h, BEN), SLOT_B) == refused
    h.api.assert_no_problems()


async def test_the_deadline_closes_the_poll_once_and_proposes_sessions(harness: Harness) -> None:
    h = harness
    post = await voted_and_closed(h)
    closing = updates_of(h, post)[-1]
    assert closing.args["text"] == f"{TITLE}: {CLOSED}"
    final = shown(h, post)
    assert items(final["blocks"]) == {
        SLOT_A: "Yes 1 · If need be 0 · No 1",
        SLOT_B: "Yes 1 · If need be 0 · No 1",
    }
    assert buttons(final["blocks"]) == []
    [proposal] = proposals(h)
    assert proposal["text"] == f"The poll “{TITLE}” is closed. I propose 2 sessions:"
    assert items(proposal["blocks"]) == {
        f"{SLOT_A}: 1 leader": "Amira Khan",
        f"{SLOT_B}: 1 leader": "Ben Adeyemi",
    }
    assert [label for label, _, _ in buttons(proposal["blocks"])] == ["Confirm and invite"]
    calls = len(h.api.calls)
    reply = await reply_to(h, "/cohort", "poll close", SAM)
    assert reply["text"] == "There is no open poll to close."
    await run_at(h, at("2027-01-15", 17, 30))  # the rhythm again: closing twice does nothing
    later = [c for c in h.api.calls[calls:] if c.method in ("chat.update", "chat.postMessage")]
    assert [c for c in later if c.args["channel"] in (COHORT, COORDINATORS)] == []
    assert len(proposals(h)) == 1 and len(updates_of(h, post)) == 7  # 6 votes and the close
    [poll] = await stored_polls(h)
    assert poll.status == "closed"
    h.api.assert_no_problems()


async def test_a_coordinator_can_close_the_poll_early(harness: Harness) -> None:
    h = harness
    post = await start_poll(h, filled())
    await vote(h, AMIRA, YES, post, SLOT_A)
    reply = await reply_to(h, "/cohort", "poll close", SAM)
    assert reply["text"] == f"Closed “{TITLE}”. The proposed sessions are on their way to you."
    await settle(h)
    assert shown(h, post)["text"] == f"{TITLE}: {CLOSED}"
    [proposal] = proposals(h)
    assert items(proposal["blocks"]) == {f"{SLOT_A}: 1 leader": "Amira Khan"}
    assert ("Use " + SLOT_B, "poll_use_slot") in [(t, a) for t, a, _ in buttons(proposal["blocks"])]
    assert (await reply_to(h, "/cohort", "poll close", SAM))["text"] == (
        "There is no open poll to close."
    )
    await run_at(h, at("2027-01-15", 17, 0))
    assert len(proposals(h)) == 1
    h.api.assert_no_problems()


# 5. Confirming, with calendar files


async def test_confirming_sends_each_leader_a_calendar_file_and_tells_the_cohort(
    harness: Harness,
) -> None:
    h = harness
    await voted_and_closed(h)
    [proposal] = proposals(h)
    h.clock.set(at("2027-01-15", 17, 15))
    view = await open_confirm_form(h, proposal)
    assert (view["callback_id"], view["title"]["text"]) == ("sessions_form", "Confirm sessions")
    ids = inputs_by_label(view)
    assert list(ids) == [
        f"Joining link or room: {SLOT_A}",
        f"Joining link or room: {SLOT_B}",
        "Format",
    ]
    [fmt] = [b for b in view["blocks"] if b["block_id"] == "format"]
    assert [o["value"] for o in fmt["element"]["options"]] == ["Online", "In person"]
    places = {
        ids[f"Joining link or room: {SLOT_A}"]: LINK,
        ids[f"Joining link or room: {SLOT_B}"]: ROOM,
        "format": "Online",
    }
    answer = await h.slack.submit(SAM, places)
    assert answer.status == 200 and not answer.body
    await settle(h)

    asked = [
        c
        for c in h.api.calls_to("files.getUploadURLExternal")
        if c.args["filename"].endswith(".ics")
    ]
    assert [c.args["filename"] for c in asked] == ["reflection-session.ics"] * 2
    ics_ids = {c.response["file_id"] for c in asked}
    completed = [
        c
        for c in h.api.calls_to("files.completeUploadExternal")
        if {f["id"] for f in c.args["files"]} <= ics_ids
    ]
    assert sorted(c.args["channel_id"] for c in completed) == ["D" + AMIRA, "D" + BEN]
    assert all(c.ok for c in completed)
    invites = uploaded_invites(h)
    assert set(invites) == {"D" + AMIRA, "D" + BEN}
    expected = {
        "D" + AMIRA: (SLOT_A, datetime(2027, 1, 19, 14, 0, tzinfo=UTC), 90, LINK),
        "D" + BEN: (SLOT_B, datetime(2027, 1, 20, 10, 0, tzinfo=UTC), 60, ROOM),
    }
    for channel, (comment, ics) in invites.items():
        when, starts, minutes, place = expected[channel]
        assert comment == (f"You are booked for “{TITLE}”: {when} (Europe/London). Online. {place}")
        event = event_of(ics)
        assert event.dtstart.value.astimezone(UTC) == starts
        assert event.dtstamp.value == at("2027-01-15", 17, 15)  # the bot's clock, not the wall's
        assert event.duration.value == timedelta(minutes=minutes)
        assert event.summary.value == TITLE
        assert event.location.value == place
        links = [line.value for line in event.contents.get("url", [])]
        assert links == ([LINK] if place == LINK else [])
    [announced] = [m for m in bot_posts(h, COHORT) if m["text"].startswith("The dates for")]
    assert announced["text"] == (
        f"The dates for “{TITLE}” are set. Everyone in a session has an invitation."
    )
    assert items(announced["blocks"]) == {
        SLOT_A: "1 leader, Online",
        SLOT_B: "1 leader, Online",
    }
    assert texts_to(h, SAM, "Confirmed") == [
        f"Confirmed 2 sessions for “{TITLE}”. 2 invitations with a calendar file go out now, "
        "or at the start of the next working day. To change or cancel a session, "
        "type /cohort sessions."
    ]

    # Confirming twice sends nothing more: the button answers, the old form does nothing.
    calls = len(h.api.calls)
    again = await press(h, SAM, CONFIRM, proposal)
    assert again == f"The sessions for “{TITLE}” are already confirmed."
    resent = await h.slack.submit(SAM, places, view_id=view["id"])
    assert resent.status == 200
    await settle(h)
    sent = {"chat.postMessage", "chat.update", "files.getUploadURLExternal", "views.open"}
    assert [c.method for c in h.api.calls[calls:] if c.method in sent] == []
    assert len(calendar_files(h)) == 2
    h.api.assert_no_problems()


async def test_a_coordinator_can_choose_another_slot_before_confirming(harness: Harness) -> None:
    h = harness
    await voted_and_closed(h, capacity=None)  # with no limit, one session: the best slot
    [proposal] = proposals(h)
    assert proposal["text"] == f"The poll “{TITLE}” is closed. I propose 1 session:"
    assert items(proposal["blocks"]) == {f"{SLOT_A}: 1 leader": "Amira Khan"}
    assert "No slot suits: Ben Adeyemi." in paragraphs(proposal["blocks"])
    [use] = [v for label, _, v in buttons(proposal["blocks"]) if label == f"Use {SLOT_B}"]
    answer = await press(h, SAM, "poll_use_slot", proposal, use)
    assert answer == f"The poll “{TITLE}” is closed. With the slot you chose:"
    chosen = h.api.calls_to("response_url")[-1].args["blocks"]
    assert items(chosen) == {f"{SLOT_B}: 1 leader": "Ben Adeyemi"}
    assert "No slot suits: Amira Khan." in paragraphs(chosen)
    [confirm] = [v for _, action, v in buttons(chosen) if action == CONFIRM]
    # The choice came back privately, and the fake keeps no copy of such an answer to
    # click: send the press of its button as Slack would.
    opened = len(h.api.calls_to("views.open"))
    await h.slack.block_action(
        SAM, CONFIRM, confirm, channel_id=COORDINATORS, message_ts=proposal["ts"]
    )
    await h.api.wait_for("views.open", count=opened + 1)
    view = h.slack.ws.open_modal(SAM)
    assert view is not None
    ids = inputs_by_label(view)
    assert list(ids) == [f"Joining link or room: {SLOT_B}", "Format"]
    await h.slack.submit(SAM, {ids[f"Joining link or room: {SLOT_B}"]: ROOM, "format": "In person"})
    await settle(h)
    invites = uploaded_invites(h)
    assert list(invites) == ["D" + BEN]
    comment, ics = invites["D" + BEN]
    assert comment == f"You are booked for “{TITLE}”: {SLOT_B} (Europe/London). In person. {ROOM}"
    event = event_of(ics)
    assert event.dtstart.value.astimezone(UTC) == datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
    assert event.duration.value == timedelta(hours=1)
    assert (event.summary.value, event.location.value) == (TITLE, ROOM)
    assert "url" not in event.contents
    [announced] = [m for m in bot_posts(h, COHORT) if m["text"].startswith("The dates for")]
    assert items(announced["blocks"]) == {SLOT_B: "1 leader, In person"}
    h.api.assert_no_problems()


# 6. Clocks going forward


async def test_an_invitation_after_the_clocks_go_forward_starts_at_the_right_instant(
    harness: Harness,
) -> None:
    h = harness
    h.clock.set(at("2028-03-20", 10, 0))  # Monday; British Summer Time starts on 26 March
    post = await start_poll(
        h,
        {
            "title": TITLE,
            "slot1_date": "2028-03-28",
            "slot1_time": "14:00",
            "slot1_length": "60",
            "deadline_date": "2028-03-24",
            "deadline_time": "17:00",
        },
    )
    when = "Tuesday 28 March 2028, 14:00 to 15:00"
    await vote(h, AMIRA, YES, post, when)
    reply = await reply_to(h, "/cohort", "poll close", SAM)
    assert reply["text"].startswith(f"Closed “{TITLE}”.")
    await settle(h)
    [proposal] = proposals(h)
    view = await open_confirm_form(h, proposal)
    await h.slack.submit(SAM, {inputs_by_label(view)[f"Joining link or room: {when}"]: LINK})
    await settle(h)
    [(channel, (comment, ics))] = uploaded_invites(h).items()
    assert channel == "D" + AMIRA
    assert comment.startswith(f"You are booked for “{TITLE}”: {when} (Europe/London).")
    event = event_of(ics)
    assert event.dtstart.value.astimezone(UTC) == datetime(2028, 3, 28, 13, 0, tzinfo=UTC)
    assert event.dtstart.value.astimezone(LONDON).hour == 14
    assert event.duration.value == timedelta(hours=1)
    h.api.assert_no_problems()


# 7. Reminders and feedback


async def test_session_reminders_go_to_the_sessions_leaders_then_feedback_is_asked(
    harness: Harness,
) -> None:
    h = harness
    await confirmed(h)
    for moment in (
        at("2027-01-18", 13, 59),
        at("2027-01-18", 14, 0),  # the day before A
        at("2027-01-18", 17, 0),
        at("2027-01-19", 10, 0),  # the day before B
        at("2027-01-19", 13, 0),  # an hour before A
        at("2027-01-19", 14, 30),
        at("2027-01-19", 15, 30),  # A ends
        at("2027-01-20", 9, 0),  # an hour before B
        at("2027-01-20", 11, 0),  # B ends
        at("2027-01-20", 15, 0),
        at("2027-01-21", 10, 0),
    ):
        await run_at(h, moment)
    about = ("Coming up", "In an hour", "Thank you for taking part")
    feedback = (
        f"Thank you for taking part in “{TITLE}”. Did you attend? "
        "How useful was it, from 1 (not at all) to 5 (very)?"
    )
    assert texts_to(h, AMIRA, *about) == [
        f"Coming up: “{TITLE}”, {SLOT_A}. {LINK}",
        f"In an hour: “{TITLE}”, {SLOT_A}. {LINK}",
        feedback,
    ]
    assert texts_to(h, BEN, *about) == [
        f"Coming up: “{TITLE}”, {SLOT_B}. {ROOM}",
        f"In an hour: “{TITLE}”, {SLOT_B}. {ROOM}",
        feedback,
    ]
    assert texts_to(h, SAM, *about) == []
    assert [m for m in bot_posts(h, COHORT) if m["text"].startswith(about)] == []

    [asked] = [m for m in bot_posts(h, "D" + AMIRA) if m["text"] == feedback]
    assert await press(h, AMIRA, ATTENDED, asked) == "Thank you. Glad you could come."
    assert await press(h, AMIRA, RATE_4, asked) == "Thank you. You rated it 4 out of 5."
    [bens] = [m for m in bot_posts(h, "D" + BEN) if m["text"] == feedback]
    # Ben cannot answer for Amira's session, whatever button value reaches the app.
    [amiras_session] = {v for _, action, v in buttons(asked["blocks"]) if action == ATTENDED}
    before = len(h.api.calls_to("response_url"))
    await h.slack.block_action(BEN, ATTENDED, amiras_session, message_ts=bens["ts"])
    refused = await h.api.wait_for("response_url", count=before + 1)
    assert refused[-1].args["text"] == "That session is not one of yours."
    # Ben adds a comment in the form the button opens.
    before = len(h.api.calls_to("views.open"))
    await h.slack.click(BEN, COMMENT, channel_id=bens["channel"], message_ts=bens["ts"])
    await h.api.wait_for("views.open", count=before + 1)
    form = h.slack.ws.open_modal(BEN)
    assert form is not None and form["title"]["text"] == "Your comments"
    sent = await h.slack.submit(BEN, {"comment": "Hearing how others did it helped."})
    assert sent.status == 200 and not sent.body
    await settle(h)
    report = await reply_to(h, "/cohort", "sessions", SAM)
    assert report["text"] == f"Sessions for {TITLE}"
    assert items(report["blocks"]) == {
        SLOT_A: f"Online: {LINK}. 1 leader: Amira Khan. Attended 1, missed 0; "
        "average rating 4.0 from 1 answer.",
        SLOT_B: f"Online: {ROOM}. 1 leader: Ben Adeyemi. Attended 0, missed 0; no ratings yet.",
    }
    assert paragraphs(report["blocks"]) == [
        "Hearing how others did it helped.",
        "Preferred format (2 votes): Online 1, In person 1.",
    ]
    h.api.assert_no_problems()


# Reminders that working hours would push together: the one held over is dropped.


async def test_a_poll_opened_less_than_48_hours_before_its_deadline_is_not_reminded_at_once(
    harness: Harness,
) -> None:
    h = harness
    await start_poll(h, filled(deadline_date="2027-01-14"))  # Thursday 17:00: 31 hours away
    await run_at(h, at("2027-01-13", 10, 5))
    assert texts_to(h, BEN, "A reminder") == []
    await run_at(h, at("2027-01-13", 17, 0))  # 24 hours before
    assert len(texts_to(h, BEN, "A reminder")) == 1


async def test_reminders_held_over_a_weekend_do_not_arrive_together(harness: Harness) -> None:
    h = harness
    # Votes close on Monday 18 January at 12:00: 48 hours before is Saturday, 24 Sunday.
    await start_poll(h, filled(deadline_date="2027-01-18", deadline_time="12:00"))
    await run_at(h, at("2027-01-16", 12, 0))
    await run_at(h, at("2027-01-17", 12, 0))
    before = len(texts_to(h, BEN, "A reminder"))
    await run_at(h, at("2027-01-18", 8, 0))
    assert len(texts_to(h, BEN, "A reminder")) - before <= 1
    # One reminder at the start of Monday's working hours, and no second a minute later.
    await run_at(h, at("2027-01-18", 8, 1))
    await run_at(h, at("2027-01-18", 11, 0))
    assert texts_to(h, BEN, "A reminder") == [
        f"A reminder: please answer the poll “{TITLE}” by Monday 18 January 2027 at 12:00. "
        "It takes a minute."
    ]


async def test_a_monday_morning_session_is_not_reminded_twice_at_once(harness: Harness) -> None:
    h = harness
    monday = "Monday 18 January 2027, 09:00 to 10:30"
    post = await start_poll(
        h, filled(slot1_date="2027-01-18", slot1_time="09:00", slot2_date=None, slot2_time=None)
    )
    await vote(h, AMIRA, YES, post, monday)
    await reply_to(h, "/cohort", "poll close", SAM)
    await settle(h)
    [proposal] = proposals(h)
    await open_confirm_form(h, proposal)
    await h.slack.submit(SAM, {})
    await settle(h)
    await run_at(h, at("2027-01-17", 9, 0))  # Sunday: nothing may be sent
    await run_at(h, at("2027-01-18", 8, 0))
    assert len(texts_to(h, AMIRA, "Coming up", "In an hour")) <= 1
    # The day before fell on Sunday: only the hour before goes, on Monday at 08:00.
    await run_at(h, at("2027-01-18", 8, 1))
    assert texts_to(h, AMIRA, "Coming up", "In an hour") == [
        f"In an hour: “{TITLE}”, {monday}. The coordinators will send the joining details."
    ]
