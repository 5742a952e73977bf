"""A coordinator announces something to the cohort: written in a form, checked (whom it
reaches, when it goes), then sent once through the outbox, within the sending window."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Form, TextInput
from bot.core.outgoing import Address
from bot.core.replies.announcements import ANNOUNCE_FORM, DROP_ANNOUNCEMENT, SEND_ANNOUNCEMENT
from bot.core.requests import ConversationSeen
from tests.unit.usecases.coordinator_steps import (
    button,
    buttons,
    press,
    private_answer,
    run,
    send_form,
)
from tests.unit.usecases.driver import PLATFORM, START, Course, london, text_of
from tests.unit.usecases.test_who_cannot_be_reached import NOT_FIRST

NEWS = "The session on 2 March moves to Room 4, City Hall."
LEADERS = {"amira", "ben", "chloe", "dev"}


async def announce(
    course: Course, text: str = NEWS, audience: str = "everyone", submission: str = "s-1"
) -> Form:
    """Sam types /cohort announce and sends the form; the form he was shown."""
    form = await run(course, "sam", "cohort", "announce")
    assert isinstance(form, Form)
    answers = {"message": (text,), "audience": (audience,)}
    assert await send_form(course, "sam", form, answers, submission) == {}
    return form


async def test_the_form_starts_with_what_was_typed_after_the_command(course: Course) -> None:
    form = await run(course, "sam", "cohort", "announce Welcome, everyone")

    assert isinstance(form, Form) and form.callback == ANNOUNCE_FORM
    [text] = [i for i in form.inputs if isinstance(i, TextInput)]
    assert text.initial == "Welcome, everyone"
    assert "each of the 4 leaders as a direct message" in str(form.inputs)


async def test_the_announcement_is_checked_first_saying_whom_it_reaches_and_when(
    course: Course,
) -> None:
    course.clock.set(london(START + timedelta(days=2), 10))

    await announce(course)

    check = private_answer(course, "announce-check:s-1")
    assert check.text == (
        "Check your announcement. It goes to the cohort channel, and to each of the 4 "
        f"leaders as a direct message: 4 people in all. It goes now. “{NEWS}”"
    )
    assert [b.label for b in buttons(check)] == ["Send to 4 leaders", "Do not send it"]
    assert course.outbox("announce:") == []


async def test_sending_it_reaches_the_channel_and_every_leader_once(course: Course) -> None:
    course.clock.set(london(START + timedelta(days=2), 10))
    await announce(course)
    send = button(private_answer(course, "announce-check:s-1"), SEND_ANNOUNCEMENT)

    answer = await press(course, "sam", send)
    again = await press(course, "sam", send)

    assert answer.text == "Your announcement goes to the cohort channel and 4 leaders now."
    assert again.text == "You sent this announcement on Wednesday 13 January 2027. It goes once."
    queued = course.outbox("announce:")
    assert {d.recipient for d in queued} == LEADERS | {"C0COHORT01"}
    assert {text_of(d) for d in queued} == {
        f"Announcement: {NEWS} From Sam Okafor, coordinator of LOTI Data Master Class, cohort 1."
    }
    before = len(course.sender.sent)
    await course.dispatch()
    assert len(course.sender.sent[before:]) >= 5
    assert [s.delivery.key for s in course.sender.sent].count("announce:1:channel") == 1


async def test_at_the_weekend_it_waits_for_the_sending_window_and_says_when(
    course: Course,
) -> None:
    saturday = london(START + timedelta(days=5), 11)
    course.clock.set(saturday)
    await announce(course, audience="channel")
    check = private_answer(course, "announce-check:s-1")
    assert "It goes at 08:00 on Monday 18 January 2027, when the sending window opens" in (
        check.text
    )

    answer = await press(course, "sam", button(check, SEND_ANNOUNCEMENT))

    assert answer.text == (
        "Your announcement goes to the cohort channel at 08:00 on Monday 18 January 2027, "
        "when the sending window opens (working days, 08:00 to 18:00)."
    )
    [queued] = course.outbox("announce:")
    assert queued.recipient == "C0COHORT01"
    assert queued.not_before == london(START + timedelta(days=7), 8)


async def test_a_draft_not_sent_is_never_sent(course: Course) -> None:
    await announce(course)
    check = private_answer(course, "announce-check:s-1")

    dropped = await press(course, "sam", button(check, DROP_ANNOUNCEMENT))
    late = await press(course, "sam", button(check, SEND_ANNOUNCEMENT))

    assert dropped.text == "Not sent. Type /cohort announce to write another."
    assert late.text.startswith("You decided not to send this announcement, on ")
    assert course.outbox("announce:") == []


async def test_the_same_form_delivered_twice_is_checked_once(course: Course) -> None:
    form = await announce(course)
    answers = {"message": (NEWS,), "audience": ("everyone",)}

    await send_form(course, "sam", form, answers, "s-1")

    assert len(course.outbox("announce-check:")) == 1


async def test_an_empty_announcement_is_explained_and_nothing_is_kept(course: Course) -> None:
    form = await run(course, "sam", "cohort", "announce")
    assert isinstance(form, Form)

    problems = await send_form(course, "sam", form, {"message": ("  ",)}, "s-1")

    assert problems == {"message": "Write the announcement you want to send."}
    assert course.outbox("announce-check:") == []


async def test_only_a_coordinator_may_announce(course: Course) -> None:
    form = await run(course, "sam", "cohort", "announce")
    assert isinstance(form, Form)

    typed = await run(course, "amira", "cohort", "announce Hello")
    await send_form(course, "amira", form, {"message": ("Hello",)}, "s-2")

    assert typed.text.startswith("/cohort is for the cohort's coordinators.")
    assert course.outbox("announce") == []


async def test_where_the_bot_writes_only_to_people_with_the_app_the_check_says_who_misses() -> None:
    course = Course.at(london(START + timedelta(days=2), 10), NOT_FIRST)
    await course.set_up()
    await course.services.registry.handle(
        ConversationSeen(Address.person(PLATFORM, "amira"), {"conversation": {"id": "a:1"}})
    )

    await announce(course)

    assert (
        "3 leaders cannot get direct messages from me yet, so they will see it only in the "
        "channel." in private_answer(course, "announce-check:s-1").text
    )
