"""A coordinator changes or cancels a confirmed session; its leaders hear, each with a
calendar file for the same event at a higher sequence."""

from __future__ import annotations

from bot.core.messages import Answers
from bot.core.model import Actor, Delivery
from bot.core.slot_choice import Availability
from tests.fakes.core.rows import SESSIONS
from tests.unit.usecases.driver import PLATFORM, Course, text_of
from tests.unit.usecases.test_polls import POLL

SAM = Actor(PLATFORM, "sam")
MOVED: Answers = {
    "date": ("2027-01-28",),
    "start": ("09:30",),
    "length": ("60",),
    "place": ("Room 2",),
    "format": ("In person",),
    "notes": ("",),
}


async def confirmed(course: Course) -> None:
    """Amira in the poll's first slot, confirmed in Room 1, Online."""
    await course.start_poll("sam", POLL)
    await course.vote("amira", 1, 1, Availability.YES)
    await course.close_poll("sam")
    answers = {"place_1": ("Room 1",), "format": ("Online",)}
    await course.services.confirmation.confirm(SAM, "1", answers)


def calendar_of(delivery: Delivery) -> str:
    attachment = delivery.outgoing.attachment
    assert attachment is not None and isinstance(attachment.content, str)
    return attachment.content


async def test_a_change_reaches_the_leader_with_the_same_event_at_the_next_sequence(
    course: Course,
) -> None:
    await confirmed(course)
    await course.dispatch()  # the invitation goes

    await course.services.session_changes.change(SAM, "1:0", MOVED, "form-1")

    [invite] = [s.delivery for s in course.sender.sent if s.delivery.key.startswith("session-")]
    [change] = course.outbox("session-change:1:1:")
    assert text_of(change).startswith(
        "Your session for “Reflection session 1” has changed: the time, where it is and the "
        "format. It is on Thursday 28 January 2027, 09:30 to 10:30 (Europe/London)."
    )
    uid = next(line for line in calendar_of(invite).splitlines() if line.startswith("UID:"))
    assert uid in calendar_of(change).splitlines()
    assert {"METHOD:REQUEST", "SEQUENCE:1"} <= set(calendar_of(change).splitlines())
    assert text_of(course.delivery("session-note:form-1")).startswith(
        "Changed the session for “Reflection session 1”."
    )
    [session] = course.uow.database.rows(SESSIONS).values()
    assert (session.sequence, session.place, session.minutes) == (1, "Room 2", 60)


async def test_a_leader_whose_invitation_had_not_gone_is_invited_as_things_now_stand(
    course: Course,
) -> None:
    await confirmed(course)  # the invitation waits in the outbox

    await course.services.session_changes.change(SAM, "1:0", MOVED, "form-1")

    assert course.outbox("session-invite:1:") == []
    [news] = course.outbox("session-change:1:1:")
    assert text_of(news).startswith(
        "You are booked for “Reflection session 1”: Thursday 28 January 2027, 09:30 to 10:30"
    )


async def test_a_cancellation_and_a_form_from_before_it(course: Course) -> None:
    await confirmed(course)
    await course.dispatch()

    await course.services.session_changes.cancel(SAM, "1:0", {"note": ("Sorry.",)}, "form-1")
    await course.services.session_changes.change(SAM, "1:0", MOVED, "form-2")
    await course.services.session_changes.cancel(SAM, "1:0", {}, "form-1")  # sent twice

    [cancel] = course.outbox("session-change:1:1:")
    assert text_of(cancel).endswith("is cancelled. The coordinators say: Sorry.")
    assert {"METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:1"} <= set(
        calendar_of(cancel).splitlines()
    )
    assert text_of(course.delivery("session-note:form-2")) == (
        "The session for “Reflection session 1” on Monday 25 January 2027, 14:00 to 15:00 "
        "is cancelled."
    )
    assert [d.key for d in course.outbox("session-note:")] == [
        "session-note:form-1",
        "session-note:form-2",
    ]
    assert course.outbox("session-change:1:2:") == []


async def test_only_a_coordinator_opens_the_forms(course: Course) -> None:
    await confirmed(course)

    change = await course.services.session_changes.change_form(Actor(PLATFORM, "amira"), "1")
    cancel = await course.services.session_changes.cancel_form(SAM, "99")

    assert change.text.startswith("/cohort is for the cohort's coordinators.")
    assert cancel.text == "That session no longer exists."
