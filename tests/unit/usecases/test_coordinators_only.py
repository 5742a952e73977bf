"""Each coordinator's service refuses anyone else itself, in the same words, even when it is
called past the registry's role check (as a use case or a test may call it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.core.commands import (
    ChangeRole,
    EnrolLeader,
    NameChampion,
    PlaceLeader,
    PostSignUp,
    ShowCohortStatus,
    WithdrawLeader,
)
from bot.core.messages import Form, Message
from bot.core.model import Actor, Role, Seniority
from bot.core.requests import Mention
from bot.core.services.bundle import Services
from tests.unit.usecases.driver import PLATFORM, Course

AMIRA = Actor(PLATFORM, "amira")  # a leader
BEN = Mention("ben")
REFUSAL = "/cohort is for the cohort's coordinators."

Call = Callable[[Services], Awaitable[Message | Form | None]]

CALLS: dict[str, Call] = {
    "announce": lambda s: s.announcements.form(AMIRA, ""),
    "announce form": lambda s: s.announcements.draft(AMIRA, {"message": ("Hi",)}, "s-1"),
    "send announcement": lambda s: s.announcements.send(AMIRA, "1"),
    "drop announcement": lambda s: s.announcements.drop(AMIRA, "1"),
    "close": lambda s: s.cohort_closing.prompt(AMIRA),
    "close button": lambda s: s.cohort_closing.close(AMIRA, "1"),
    "keep open": lambda s: s.cohort_closing.keep_open(AMIRA, "1"),
    "status": lambda s: s.enrolment.status(AMIRA, ShowCohortStatus()),
    "enrol": lambda s: s.enrolment.enrol(AMIRA, EnrolLeader(BEN, "camden", Seniority.DIRECTOR)),
    "report": lambda s: s.reports.report(AMIRA),
    "progress": lambda s: s.reports.progress(AMIRA),
    "export": lambda s: s.reports.export(AMIRA),
    "behind": lambda s: s.outreach.form(AMIRA),
    "behind form": lambda s: s.outreach.send(AMIRA, {"note": ("Hi",)}, "s-1"),
    "place": lambda s: s.placement.place(AMIRA, PlaceLeader(BEN, "camden")),
    "withdraw": lambda s: s.placement.withdraw(AMIRA, WithdrawLeader(BEN)),
    "poll": lambda s: s.polls.form(AMIRA),
    "poll results": lambda s: s.poll_reports.results(AMIRA, ""),
    "poll missing": lambda s: s.poll_reports.missing(AMIRA, ""),
    "poll close": lambda s: s.closing.close(AMIRA, ""),
    "sessions": lambda s: s.sessions.report(AMIRA, ""),
    "recruit": lambda s: s.recruitment.post_signup(AMIRA, PostSignUp("C0RECRUIT")),
    "champion": lambda s: s.recruitment.name_champion(AMIRA, NameChampion(BEN, "camden")),
    "nudge now": lambda s: s.rhythm.nudge_now(AMIRA),
    "role": lambda s: s.registry.roles.change(AMIRA, ChangeRole(BEN, Role.MODERATOR, True)),
    "use slot": lambda s: s.confirmation.use_slot(AMIRA, "1:1"),
    "confirm sessions": lambda s: s.confirmation.confirm_form(AMIRA, "1"),
    "change session": lambda s: s.session_changes.change_form(AMIRA, "1"),
    "cancel session": lambda s: s.session_changes.cancel_form(AMIRA, "1"),
}


@pytest.mark.parametrize("name", CALLS)
async def test_a_leader_who_reaches_a_coordinators_service_is_refused(
    course: Course, name: str
) -> None:
    reply = await CALLS[name](course.services)

    assert reply is not None and reply.text.startswith(REFUSAL), name
    assert course.outbox() == course.outbox("welcome:")  # nothing else queued
