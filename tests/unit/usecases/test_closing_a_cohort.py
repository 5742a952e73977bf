"""A coordinator closes the cohort: they confirm first; the weekly rhythm stops; the cohort
channel gets a closing summary and the coordinators the final report, once, in the sending
window; leaders keep what is theirs to see; retention counts from the close."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime, timedelta

from bot.core.join_form import JOIN
from bot.core.model import Actor, DeliveryStatus
from bot.core.platforms import CommandName
from bot.core.replies.closing import CLOSE_COHORT, KEEP_OPEN
from bot.core.replies.nudges import SNOOZE
from bot.core.replies.outreach import NOTE, REACH_OUT_FORM, WRITE_TO_BEHIND
from bot.core.replies.progress import MARK_DONE, UNDO_DONE
from bot.core.replies.questions import (
    ASK,
    QUESTION_FORM,
    SEND_DRAFT,
    SEND_DRAFT_ANONYMOUSLY,
    TEXT,
)
from bot.core.requests import Mention, PressButton, RunCommand, SubmitForm
from bot.core.services.retention import Retention
from tests.fakes.core.rows import AUDIT, COHORTS
from tests.unit.usecases.coordinator_steps import button, buttons, press, run
from tests.unit.usecases.driver import CURRICULUM, PLATFORM, START, Course, london, text_of

NAME = "LOTI Data Master Class, cohort 1"
COHORT_CHANNEL, COORDINATORS = "C0COHORT01", "C0COORDIN1"


def day_of(week: int, weekday: int = 0, hour: int = 10) -> datetime:
    """A London time in a programme week (weekday 0 is Monday)."""
    return london(START + timedelta(weeks=week - 1, days=weekday), hour)


async def close(course: Course, user: str = "sam") -> str:
    """Type /cohort close and press Close the cohort; the answer to the press."""
    prompt = await run(course, user, "cohort", "close")
    return (await press(course, user, button(prompt, CLOSE_COHORT))).text


async def test_closing_asks_first_and_says_what_it_stops_and_sends(course: Course) -> None:
    course.clock.set(day_of(3, 2))

    prompt = await run(course, "sam", "cohort", "close")

    assert prompt.text.startswith(
        f"Close {NAME}? Closing stops every weekly message, reminder and digest for its "
        "4 leaders. The closing summary goes to the cohort channel and the final report to "
        "the coordinators' channel now."
    )
    assert "They can no longer record modules" in prompt.text
    assert [b.label for b in buttons(prompt)] == ["Close the cohort", "Keep it open"]
    assert course.uow.database.rows(COHORTS)[1].closed_at is None


async def test_keeping_it_open_changes_nothing(course: Course) -> None:
    prompt = await run(course, "sam", "cohort", "close")

    answer = await press(course, "sam", button(prompt, KEEP_OPEN))

    assert answer.text == f"Nothing has changed: {NAME} is still open."
    assert course.uow.database.rows(COHORTS)[1].closed_at is None


async def test_closing_stops_the_weekly_messages_and_lets_go_of_those_still_waiting(
    course: Course,
) -> None:
    await course.dispatch()  # the welcomes
    course.clock.set(day_of(3, 0, 9))
    await course.run_rhythm()  # week 3's messages, queued and not sent yet
    waiting = len(course.outbox("nudge:1:3:")) + len(course.outbox("channel:1:3"))

    answer = await close(course)

    assert answer == (
        f"{NAME} is closed. I will send no more weekly messages, reminders or digests. "
        f"I cancelled {waiting} messages that were still waiting to go. The closing summary "
        "and the final report go now."
    )
    assert {d.status for d in course.outbox("nudge:1:3:")} == {DeliveryStatus.SKIPPED}
    for moment in (day_of(3, 3, 12), day_of(3, 4, 15), day_of(4, 0, 9), day_of(4, 4, 15)):
        course.clock.set(moment)
        await course.run_rhythm()
    assert course.outbox("nudge:1:4:") == [] and course.outbox("behind:1:3:") == []
    assert course.outbox("digest:") == [] and course.outbox("channel:1:4") == []
    before = len(course.sender.sent)
    await course.dispatch()
    assert [text_of(s.delivery).split(".")[0] for s in course.sender.sent[before:]] == [
        f"{NAME} has closed",
        f"Final report: {NAME}",
    ]


async def test_the_summary_goes_to_the_cohort_and_the_final_report_to_coordinators(
    course: Course,
) -> None:
    course.clock.set(day_of(7, 2))
    for leader in ("amira", "ben"):
        await course.check_in(leader, *range(1, 33))

    await close(course)

    summary = course.delivery("closing-summary:1")
    assert summary.recipient == COHORT_CHANNEL
    assert text_of(summary) == (
        f"{NAME} has closed. Thank you for taking part. 2 of the 4 leaders finished the "
        "course, and together you completed 50% of it. I will send no more weekly messages. "
        "You can still see your progress with /progress, and get a copy of everything I "
        "hold about you with /progress my-data. Your personal data is kept as the privacy "
        "notice says (https://loti.london/privacy), then deleted. To have it deleted "
        "sooner, type /progress forget-me."
    )
    report = course.delivery("closing-report:1")
    assert report.recipient == COORDINATORS
    assert text_of(report).startswith(
        f"Final report: {NAME}. Sam Okafor closed {NAME} on Wednesday 24 February 2027. "
        "Weekly messages, reminders and digests have stopped"
    )
    assert "Headline findings" in str(report.outgoing.message.blocks)


async def test_closing_outside_working_hours_queues_the_messages_for_the_morning(
    course: Course,
) -> None:
    await course.dispatch()  # the welcomes
    course.clock.set(day_of(7, 4, 19))  # Friday evening

    answer = await close(course)

    assert answer.endswith(
        "The closing summary and the final report go at 08:00 on Monday 1 March 2027, when "
        "the sending window opens (working days, 08:00 to 18:00)."
    )
    monday = london(START + timedelta(weeks=7), 8)
    assert course.delivery("closing-summary:1").not_before == monday
    assert (await course.dispatch()).sent == 0
    course.clock.set(monday)
    assert (await course.dispatch()).sent == 2


async def test_a_second_press_closes_nothing_more(course: Course) -> None:
    course.clock.set(day_of(7, 2))
    prompt = await run(course, "sam", "cohort", "close")
    await press(course, "sam", button(prompt, CLOSE_COHORT))

    again = await press(course, "sam", button(prompt, CLOSE_COHORT))

    assert again.text == f"{NAME} was already closed, on Wednesday 24 February 2027."
    assert (await run(course, "sam", "cohort", "close")).text == again.text
    audit = course.uow.database.rows(AUDIT).values()
    assert [r.entry.action for r in audit].count("cohort-close") == 1
    assert len(course.outbox("closing-summary:")) == 1


async def test_only_a_coordinator_may_close_the_cohort(course: Course) -> None:
    prompt = await run(course, "sam", "cohort", "close")

    typed = await run(course, "amira", "cohort", "close")
    pressed = await press(course, "amira", button(prompt, CLOSE_COHORT))

    assert typed.text.startswith("/cohort is for the cohort's coordinators.")
    assert pressed.text.startswith("Only the cohort's coordinators")
    assert course.uow.database.rows(COHORTS)[1].closed_at is None


async def test_the_prompt_names_what_is_still_ahead(course: Course) -> None:
    course.clock.set(day_of(6, 0))
    await course.start_poll(
        "sam",
        {
            "title": ("Reflection session",),
            "slot1_date": ("2027-03-02",),
            "slot1_time": ("14:00",),
            "slot1_length": ("90",),
            "deadline_date": ("2027-02-19",),
            "deadline_time": ("17:00",),
        },
    )

    prompt = await run(course, "sam", "cohort", "close")

    assert (
        "The poll “Reflection session” is open until Friday 19 February 2027 at 17:00. "
        "Closing leaves it open: leaders can answer it until then."
    ) in prompt.text


async def test_after_closing_leaders_see_their_progress_but_record_nothing(
    course: Course,
) -> None:
    course.clock.set(day_of(7, 2))
    await course.check_in("amira", 1, 2)
    await close(course)

    refused = await course.command("amira", "checkin", "3")
    paced = await course.command("amira", "progress", "pace 3")
    asked = await course.command("amira", "ask", "Is there a reading list?")
    nudged = await course.command("sam", "cohort", "nudge-now")

    assert refused == (
        f"{NAME} closed on Wednesday 24 February 2027, so I no longer record modules, change "
        "weekly messages or take new questions. You can still see your progress with "
        "/progress and get a copy of your data with /progress my-data."
    )
    assert paced == asked == refused
    assert nudged.startswith(f"{NAME} closed on Wednesday 24 February 2027, so this no longer")
    assert (await course.progress("amira")).startswith("You have done 2 of 32 modules.")
    assert (await course.command("amira", "progress", "my-data")).startswith("I have sent you")
    assert (await course.command("sam", "cohort", "progress")).startswith(NAME)


async def test_retention_counts_from_the_day_the_cohort_closed(course: Course) -> None:
    course.clock.set(day_of(12, 2))  # six weeks after the course ended
    await close(course)
    retention = Retention(course.uow, course.clock)

    course.clock.set(day_of(12, 2) + timedelta(days=340))  # 376 days after the course ended
    early = await retention.purge(timedelta(days=365))
    course.clock.set(day_of(12, 2) + timedelta(days=366))
    due = await retention.purge(timedelta(days=365))

    assert early == []
    assert [p.cohort.slug for p in due] == ["loti-data-2027-1"]
    assert due[0].ended == day_of(12, 2).date()


async def test_a_closed_cohort_takes_no_sign_ups(course: Course) -> None:
    await close(course)

    answer = await course.handle(PressButton(Actor(PLATFORM, "newcomer"), JOIN, "1"))

    assert answer is not None
    assert answer.text == "There is no cohort to join at the moment. Ask the programme team."


CHANGING_COMMANDS = [
    ("amira", "checkin", "3"),
    ("amira", "checkin", "undo 1"),
    ("amira", "checkin", ""),
    ("amira", "progress", "pace 3"),
    ("amira", "progress", "pause 2w"),
    ("amira", "progress", "resume"),
    ("amira", "progress", "remind thursday 08:30"),
    ("amira", "progress", "reminders off"),
    ("amira", "ask", "Is there a reading list?"),
    ("amira", "ask", ""),
    ("sam", "cohort", "nudge-now"),
    ("sam", "cohort", "poll"),
]
CHANGING_BUTTONS = [
    ("amira", MARK_DONE, CURRICULUM.modules[2].id),
    ("amira", UNDO_DONE, CURRICULUM.modules[0].id),
    ("amira", SNOOZE, "7"),
    ("amira", ASK, ""),
    ("amira", SEND_DRAFT, "1"),
    ("amira", SEND_DRAFT_ANONYMOUSLY, "1"),
    ("sam", WRITE_TO_BEHIND, ""),
]
CHANGING_FORMS = [
    ("amira", QUESTION_FORM, {TEXT: ("Is there a reading list?",)}),
    ("sam", REACH_OUT_FORM, {NOTE: ("Module 4 is the one to do next.",)}),
]


def record(course: Course) -> dict[str, dict[Hashable, object]]:
    """Every committed table but the outbox and the events seen (a refusal is a message)."""
    tables = course.uow.database.committed
    return {name: dict(rows) for name, rows in tables.items() if name not in UNRECORDED}


UNRECORDED = {"deliveries", "processed_events", "bot_processes"}


def refused_as_closed(text: str) -> bool:
    return text.startswith(f"{NAME} closed on Wednesday 24 February 2027, so ")


async def test_every_request_that_would_change_a_closed_cohort_is_refused_and_changes_nothing(
    course: Course,
) -> None:
    course.clock.set(day_of(7, 2))
    await course.check_in("amira", 1, 2)
    await close(course)
    before = record(course)

    commands = [await course.command(user, name, text) for user, name, text in CHANGING_COMMANDS]
    pressed = [
        await course.handle(PressButton(Actor(PLATFORM, user), action, value))
        for user, action, value in CHANGING_BUTTONS
    ]
    for n, (user, form, answers) in enumerate(CHANGING_FORMS):
        actor = Actor(PLATFORM, user)
        await course.services.registry.handle(SubmitForm(actor, form, "", answers, f"s{n}"))
    sent = [text_of(course.delivery(f"closed:s{n}")) for n in range(len(CHANGING_FORMS))]
    enrolled = await course.handle(
        RunCommand(
            Actor(PLATFORM, "sam"),
            CommandName.COHORT,
            "add @Zoe org=camden seniority=director",
            ("add", Mention(user_id="zoe"), "org=camden", "seniority=director"),
        )
    )

    assert [c for c in commands if not refused_as_closed(c)] == []
    assert [p for p in pressed if p is None or not refused_as_closed(p.text)] == []
    assert [s for s in sent if not refused_as_closed(s)] == []
    assert enrolled is not None and refused_as_closed(enrolled.text)
    assert record(course) == before
