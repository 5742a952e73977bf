"""After the sessions are set: reminders to the leaders in each, feedback afterwards, and
what coordinators see of it all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor, Cohort, Delivery
from bot.core.outgoing import Outgoing
from bot.core.polls import (
    SESSION_REMINDERS,
    Poll,
    PollSlot,
    PollStatus,
    PollVerb,
    ReflectionSession,
    Seat,
)
from bot.core.ports import UnitOfWork
from bot.core.replies.sessions import (
    ATTENDED,
    FEEDBACK,
    RATINGS,
    SessionFigures,
    feedback_form,
    feedback_request,
    session_reminder,
    sessions_report,
)
from bot.core.services.context import ServiceContext
from bot.core.services.poll_choice import Which, chosen_poll
from bot.core.services.polls import people_by_id


@dataclass(frozen=True)
class SessionService:
    ctx: ServiceContext

    async def run_due(self) -> None:
        """The day before and an hour before, a reminder; after the end, the feedback."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            for poll in await uow.polls.with_status(PollStatus.CONFIRMED):
                cohort = await uow.cohorts.get(poll.cohort_id)
                if cohort is None:
                    continue
                slots = {s.id: s for s in await uow.polls.slots(poll.id or 0)}
                sessions = await uow.sessions.for_poll(poll.id or 0)
                seats = await uow.sessions.seats([s.id for s in sessions if s.id is not None])
                for session in sessions:
                    if session.cancelled:
                        continue
                    slot = slots[session.slot_id]
                    mine = [seat.person_id for seat in seats if seat.session_id == session.id]
                    for prefix, message, at in self._due(cohort, poll, slot, session, now):
                        await _send_once(uow, cohort, prefix, message, max(at, now), mine)
            await uow.commit()
        self.ctx.wake_outbox()

    def _due(
        self,
        cohort: Cohort,
        poll: Poll,
        slot: PollSlot,
        session: ReflectionSession,
        now: datetime,
    ) -> list[tuple[str, Message, datetime]]:
        """What is due about a session now: each message's key prefix, and when it may go."""
        zone = self.ctx.zone(cohort)
        due: list[tuple[str, Message, datetime]] = []
        last = min(before for _, before in SESSION_REMINDERS)
        for kind, before in SESSION_REMINDERS:
            at = self.ctx.timetable.next_allowed(session.starts_at - before, zone)
            # One held over to working hours so late that the last one is due too is dropped.
            overtaken = before != last and at >= session.starts_at - last
            if at <= now < session.starts_at and not overtaken:
                reminder = session_reminder(poll, session, zone, soon=kind == "hour")
                due.append((reminder_key(session, slot, kind), reminder, at))
        if now >= session.ends_at:
            after = self.ctx.timetable.next_allowed(session.ends_at, zone)
            due.append((f"session-feedback:{session.id}", feedback_request(poll, session), after))
        return due

    async def next_time(self, after: datetime) -> datetime | None:
        """The next reminder or feedback moment, for a clock that jumps."""
        moments = []
        async with self.ctx.uow() as uow:
            for poll in await uow.polls.with_status(PollStatus.CONFIRMED):
                cohort = await uow.cohorts.get(poll.cohort_id)
                if cohort is None:
                    continue
                zone = self.ctx.zone(cohort)
                for session in await uow.sessions.for_poll(poll.id or 0):
                    if not session.cancelled:
                        moments += [
                            self.ctx.timetable.next_allowed(session.starts_at - before, zone)
                            for _, before in SESSION_REMINDERS
                        ]
                        moments.append(session.ends_at)
        return min((m for m in moments if m > after), default=None)

    async def answer(self, actor: Actor, action: str, value: str) -> Message:
        """Keep whether the leader attended, or their rating."""
        async with self.ctx.uow() as uow:
            seat = await _seat(uow, actor, value)
            if seat is None:
                return plain("That session is not one of yours.")
            if action in RATINGS:
                seat.rating = RATINGS.index(action) + 1
                reply = f"Thank you. You rated it {seat.rating} out of 5."
            else:
                seat.attended = action == ATTENDED
                reply = "Thank you. " + ("Glad you could come." if seat.attended else "Noted.")
            await uow.sessions.update_seat(seat)
            await uow.commit()
        return plain(reply)

    async def comment_form(self, actor: Actor, value: str) -> Form | Message:
        async with self.ctx.uow() as uow:
            seat = await _seat(uow, actor, value)
        if seat is None:
            return plain("That session is not one of yours.")
        return feedback_form(seat.session_id)

    async def comment(self, actor: Actor, value: str, answers: Answers) -> None:
        text = "\n".join(answers.get(FEEDBACK, ())).strip()
        async with self.ctx.uow() as uow:
            seat = await _seat(uow, actor, value)
            if seat is None or not text:
                return
            await uow.sessions.update_seat(replace(seat, comment=text))
            await uow.commit()

    async def report(self, actor: Actor, which: Which) -> Message:
        """The sessions of the poll named (or the one meant): who is in each, attendance
        and feedback, and the format votes."""
        async with self.ctx.uow() as uow:
            found = await chosen_poll(self.ctx, uow, actor, PollVerb.SESSIONS, which)
            if isinstance(found, Message):
                return found
            cohort, poll = found
            figures = await self._figures(uow, cohort, poll)
            formats = Counter(f.choice for f in await uow.polls.format_votes(poll.id or 0))
        zone, now = self.ctx.zone(cohort), self.ctx.clock.now()
        return sessions_report(poll, figures, dict(formats), zone, now)

    async def _figures(self, uow: UnitOfWork, cohort: Cohort, poll: Poll) -> list[SessionFigures]:
        sessions = await uow.sessions.for_poll(poll.id or 0)  # earliest first
        seats = await uow.sessions.seats([s.id for s in sessions if s.id is not None])
        people = await people_by_id(uow, cohort, (seat.person_id for seat in seats))
        figures = []
        for session in sessions:
            mine = [seat for seat in seats if seat.session_id == session.id]
            names = (people[s.person_id].display_name for s in mine if s.person_id in people)
            figures.append(
                SessionFigures(
                    session,
                    tuple(sorted(names)),
                    sum(1 for s in mine if s.attended is True),
                    sum(1 for s in mine if s.attended is False),
                    tuple(s.rating for s in mine if s.rating is not None),
                    tuple(s.comment for s in mine if s.comment),
                )
            )
        return figures


def reminder_key(session: ReflectionSession, slot: PollSlot, kind: str) -> str:
    """The key prefix of a session's reminder. A rescheduled session's names its new time,
    so it is reminded again for that time; an edit that keeps the time reminds nobody twice."""
    key = f"session-reminder:{session.id}:{kind}"
    if session.has_moved(slot):
        key += f"@{session.starts_at.astimezone(UTC):%Y%m%dT%H%MZ}"
    return key


async def _send_once(
    uow: UnitOfWork,
    cohort: Cohort,
    prefix: str,
    message: Message,
    at: datetime,
    person_ids: Sequence[int],
) -> None:
    """Queue `message` for each of these people who does not have it yet (key
    `prefix:person`). It is due every minute until it is queued, so checking what is queued
    comes first, in one query, and people are looked up only for what is left."""
    if not person_ids:
        return
    queued = await uow.deliveries.keys_starting(f"{prefix}:")
    waiting = [p for p in person_ids if f"{prefix}:{p}" not in queued]
    people = await people_by_id(uow, cohort, waiting)
    for person_id in waiting:
        person = people.get(person_id)
        if person is not None:
            outgoing = Outgoing(message, person.address)
            await uow.deliveries.enqueue(Delivery(f"{prefix}:{person_id}", outgoing, not_before=at))


async def _seat(uow: UnitOfWork, actor: Actor, value: str) -> Seat | None:
    """The actor's own seat in the session a button names."""
    person = await uow.people.find(actor.platform, actor.user_id)
    if person is None or not value.isdigit():
        return None
    seats = await uow.sessions.seats([int(value)])
    return next((s for s in seats if s.person_id == person.id), None)
