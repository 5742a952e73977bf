"""From `/cohort progress`, a coordinator writes a personal note to the leaders behind their
plan: the form shows who and how many, with a note in plain English to edit; each leader
gets it once, in the sending window."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Form, TextInput
from bot.core.model import Actor
from bot.core.replies.outreach import REACH_OUT_FORM, WRITE_TO_BEHIND, write_to_behind_button
from tests.unit.usecases.coordinator_steps import button, press, private_answer, run, send_form
from tests.unit.usecases.driver import PLATFORM, START, Course, london, text_of

SAM = Actor(PLATFORM, "sam")
NOTE = "I know the last fortnight was busy. Module 1 takes 15 minutes: could you start there?"
WEEK_THREE = london(START + timedelta(weeks=2, days=2), 10)  # Wednesday


async def behind_in_week_three(course: Course) -> None:
    """Amira on track, Chloe behind but paused, Ben and Dev behind."""
    course.clock.set(WEEK_THREE - timedelta(weeks=1))
    await course.pause("chloe", 14)
    course.clock.set(WEEK_THREE)
    await course.check_in("amira", *range(1, 12))
    await course.check_in("dev", 1, 2)


async def reach_out_form(course: Course) -> Form:
    progress = await run(course, "sam", "cohort", "progress")
    form = await press(course, "sam", button(progress, WRITE_TO_BEHIND))
    assert isinstance(form, Form) and form.callback == REACH_OUT_FORM
    return form


async def test_the_form_shows_who_is_behind_and_a_note_to_edit(course: Course) -> None:
    await behind_in_week_three(course)

    form = await reach_out_form(course)

    shown = str(form.blocks)
    assert "2 leaders are behind their plan." in shown
    assert "Ben Adeyemi, Hackney Council: 21 modules behind" in shown
    assert "Dev Patel, London Borough of Croydon: 9 modules behind" in shown
    assert "Amira" not in shown
    assert "1 more leader is behind but paused their messages, so they get nothing." in shown
    assert form.submit == "Send to 2 leaders"
    [note] = [i for i in form.inputs if isinstance(i, TextInput)]
    assert note.initial is not None and note.initial.startswith(
        "I can see you have fallen a little behind your plan. That is fine"
    )
    assert "It goes now." in shown


async def test_each_leader_behind_gets_the_note_once_with_their_own_progress(
    course: Course,
) -> None:
    await behind_in_week_three(course)
    form = await reach_out_form(course)

    await send_form(course, "sam", form, {"note": (NOTE,)}, "s-1")
    await send_form(course, "sam", form, {"note": (NOTE,)}, "s-1")  # delivered twice

    notes = {d.recipient: text_of(d) for d in course.outbox("behind-note:")}
    assert set(notes) == {"ben", "dev"}
    assert notes["dev"] == (
        f"Hello Dev. {NOTE} From Sam Okafor, coordinator of LOTI Data Master Class, cohort 1. "
        "You have done 2 of 32 modules, 9 modules behind your plan."
    )
    told = private_answer(course, "behind-note-sent:s-1")
    assert told.text == "Your note goes to 2 leaders now: Ben Adeyemi and Dev Patel."
    assert len(course.outbox("behind-note-sent:")) == 1


async def test_at_night_the_notes_wait_for_the_sending_window(course: Course) -> None:
    await behind_in_week_three(course)
    course.clock.set(WEEK_THREE + timedelta(hours=10))  # 20:00
    form = await reach_out_form(course)

    await send_form(course, "sam", form, {"note": (NOTE,)}, "s-1")

    thursday = WEEK_THREE + timedelta(days=1) - timedelta(hours=2)  # 08:00
    assert {d.not_before for d in course.outbox("behind-note:")} == {thursday}
    assert private_answer(course, "behind-note-sent:s-1").text.startswith(
        "Your note goes to 2 leaders at 08:00 on Thursday 28 January 2027, when the sending "
        "window opens"
    )


async def test_an_empty_note_is_explained_and_nothing_is_sent(course: Course) -> None:
    await behind_in_week_three(course)
    form = await reach_out_form(course)

    problems = await send_form(course, "sam", form, {"note": ("",)}, "s-1")

    assert problems == {"note": "Write the note you want to send."}
    assert course.outbox("behind-note") == []


async def test_with_nobody_behind_there_is_no_button_and_nothing_to_send(
    course: Course,
) -> None:
    course.clock.set(WEEK_THREE)
    for leader in ("amira", "ben", "chloe", "dev"):
        await course.check_in(leader, *range(1, 33))

    progress = await run(course, "sam", "cohort", "progress")

    assert "Write to the leaders behind" not in str(progress)
    earlier = await press(course, "sam", write_to_behind_button())  # shown before they caught up
    assert earlier.text == (
        "Nobody in LOTI Data Master Class, cohort 1 is behind their plan at the moment."
    )


async def test_after_the_cohort_closed_the_button_writes_to_nobody(course: Course) -> None:
    await behind_in_week_three(course)
    progress = await run(course, "sam", "cohort", "progress")
    await course.services.cohort_closing.close(SAM, "1")

    answer = await press(course, "sam", button(progress, WRITE_TO_BEHIND))

    assert answer.text.startswith("LOTI Data Master Class, cohort 1 closed on Wednesday")
    assert course.outbox("behind-note") == []
