"""What every message to a session's leaders shares: each leader's own time zone, the
calendar file for the session as it stands, and when the message may go."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.invites import CalendarMethod, calendar_invite
from bot.core.messages import Message
from bot.core.model import Cohort, Delivery, Person
from bot.core.outgoing import Attachment, Outgoing
from bot.core.polls import Poll, ReflectionSession
from bot.core.ports import UnitOfWork
from bot.core.services.context import ServiceContext
from bot.core.services.polls import people_by_id

CALENDAR_FILE = "reflection-session.ics"


async def tell_leaders(
    ctx: ServiceContext,
    uow: UnitOfWork,
    cohort: Cohort,
    poll: Poll,
    session: ReflectionSession,
    leaders: Iterable[int],
    key: str,
    message_for: Callable[[ZoneInfo, int], Message | None],
    method: CalendarMethod,
    *,
    before: datetime,
) -> int:
    """Queue for each leader (by person id) their message (None: nothing for them), in
    their own time zone, with the session's calendar file, keyed `key:person`; how many
    were queued. Each goes within working hours, or at once if that would not be before
    `before`."""
    people = await people_by_id(uow, cohort, leaders)
    now, queued = ctx.clock.now(), 0
    for person_id, person in people.items():
        zone = person_zone(person, cohort)
        message = message_for(zone, person_id)
        if message is None:
            continue
        attachment = calendar_file(cohort, poll, session, zone, now, method)
        await uow.deliveries.enqueue(
            Delivery(
                f"{key}:{person_id}",
                Outgoing(message, person.address, attachment=attachment),
                not_before=send_time(ctx, zone, before),
            )
        )
        queued += 1
    return queued


def send_time(ctx: ServiceContext, zone: ZoneInfo, before: datetime) -> datetime | None:
    """The next moment within working hours in `zone`; at once if that would not be before
    `before` (a session's start), since news about a session is no use once it has begun."""
    allowed = ctx.timetable.next_allowed(ctx.clock.now(), zone)
    return allowed if allowed < before else None


def calendar_file(
    cohort: Cohort,
    poll: Poll,
    session: ReflectionSession,
    zone: ZoneInfo,
    now: datetime,
    method: CalendarMethod,
) -> Attachment:
    """The session as an .ics file: always the same event (UID), at its current SEQUENCE."""
    details = (cohort.name, session.format, session.notes)
    ics = calendar_invite(
        uid=f"session-{session.id}-{cohort.slug}@facilitator",
        title=poll.title,
        starts_at=session.starts_at,
        minutes=session.minutes,
        time_zone=zone.key,
        place=session.place,
        description=". ".join(d for d in details if d),
        stamped_at=now,
        sequence=session.sequence,
        method=method,
    )
    return Attachment.text(CALENDAR_FILE, ics, poll.title)


def person_zone(person: Person, cohort: Cohort) -> ZoneInfo:
    """The person's own time zone, or the cohort's when theirs is unknown."""
    try:
        return ZoneInfo(person.time_zone or cohort.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(cohort.time_zone)
