"""When a message to many people may go: now, within working days and hours, or when the
sending window next opens; and how to tell the coordinator who sent it."""

from __future__ import annotations

from datetime import datetime

from bot.core.model import Cohort
from bot.core.replies.sending_window import goes
from bot.core.services.context import ServiceContext


def next_window(ctx: ServiceContext, cohort: Cohort) -> tuple[datetime, str]:
    """The moment it may go, and words for it ('now', or 'at 09:00 on Monday ...')."""
    now, zone = ctx.clock.now(), ctx.zone(cohort)
    when = ctx.timetable.next_allowed(now, zone)
    return when, goes(when, now, zone, ctx.timetable)
