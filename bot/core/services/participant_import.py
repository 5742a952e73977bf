"""Bulk invite: look each participant up by email, then seat or waitlist them.

Each row is its own transaction, so a problem with one row (or stopping half-way)
keeps the rows before it; importing the same file again changes nothing for people
already seated or waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.model import AuditEntry, Cohort, EnrolmentStatus, Invitation, Organisation, Person
from bot.core.participants_csv import ParticipantRow
from bot.core.ports import FoundUser, PeopleFinder, RetryLater, UnitOfWork
from bot.core.services.context import ServiceContext
from bot.core.services.seats import SignUpDetails, leader_enrolment, seat_state, sign_up

logger = logging.getLogger(__name__)

NOT_FOUND = "not found in Slack"


@dataclass(frozen=True)
class ImportResult:
    """What happened to one row."""

    line: int
    email: str
    outcome: str
    imported: bool
    name: str = ""
    organisation: str = ""


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ParticipantImport:
    ctx: ServiceContext
    finder: PeopleFinder
    platform: str

    async def run(
        self, cohort_slug: str, rows: Sequence[ParticipantRow], progress: Progress | None = None
    ) -> list[ImportResult]:
        """Import the rows in order, calling `progress(done, total)` after each."""
        results = []
        for done, row in enumerate(rows, 1):
            results.append(await self._one(cohort_slug, row))
            if progress is not None:
                progress(done, len(rows))
        self.ctx.wake_outbox()
        return results

    async def _one(self, cohort_slug: str, row: ParticipantRow) -> ImportResult:
        try:
            found = await self.finder.find_by_email(row.email)
        except RetryLater as problem:
            logger.warning("could not look up line %s: %s", row.line, problem.reason)
            return ImportResult(
                row.line, row.email, "Slack did not answer; import this row again", False
            )
        async with self.ctx.uow() as uow:
            cohort = await uow.cohorts.find(cohort_slug)
            assert cohort is not None and cohort.id is not None, "the cohort file is applied first"
            organisation = await _organisation(uow, cohort, row.organisation)
            if organisation is None:
                return ImportResult(
                    row.line, row.email, f"no organisation “{row.organisation}”", False
                )
            result = await self._place(uow, cohort, organisation, row, found)
            await uow.invitations.record(
                Invitation(
                    cohort.id,
                    row.email,
                    organisation.id,
                    result.outcome.split(" (")[0],
                    self.ctx.clock.now(),
                    row.seniority,
                    row.pace,
                    result.person_id,
                )
            )
            await uow.commit()
        return ImportResult(
            row.line, row.email, result.outcome, found is not None, result.name, organisation.name
        )

    async def _place(
        self,
        uow: UnitOfWork,
        cohort: Cohort,
        organisation: Organisation,
        row: ParticipantRow,
        found: FoundUser | None,
    ) -> _Placed:
        if found is None:
            return _Placed(NOT_FOUND)
        assert cohort.id is not None
        profile = found.profile
        person = await uow.people.find(self.platform, found.user_id) or Person(
            self.platform, found.user_id, profile.display_name
        )
        enrolment = await leader_enrolment(uow, cohort, person) if person.id else None
        if enrolment is not None and enrolment.status is EnrolmentStatus.ACTIVE:
            return _Placed("already enrolled", person.id, person.display_name)
        if enrolment is not None and enrolment.status is EnrolmentStatus.WAITLISTED:
            state = await seat_state(uow, cohort.id, person.organisation_id or "")
            position = state.position_of(enrolment.id)
            return _Placed(
                f"already waitlisted (number {position})", person.id, person.display_name
            )
        person.display_name, person.time_zone = profile.display_name, profile.time_zone
        person.organisation_id, person.seniority = organisation.id, row.seniority
        if person.id is None:
            person = await uow.people.add(person)
        else:
            await uow.people.update(person)
        placement = await sign_up(
            self.ctx, uow, cohort, person, organisation, SignUpDetails(pace=row.pace)
        )
        outcome = "enrolled" if placement.seated else f"waitlisted (number {placement.position})"
        await uow.audit.add(
            AuditEntry(
                None,
                "import-enrol" if placement.seated else "import-waitlist",
                {"person_id": person.id, "organisation": organisation.id, "line": row.line},
                cohort.id,
            ),
            self.ctx.clock.now(),
        )
        return _Placed(outcome, person.id, person.display_name)


@dataclass(frozen=True)
class _Placed:
    outcome: str
    person_id: int | None = None
    name: str = ""


async def _organisation(uow: UnitOfWork, cohort: Cohort, given: str) -> Organisation | None:
    """The cohort's organisation named by its id or its name, in any case."""
    assert cohort.id is not None
    wanted = " ".join(given.split()).lower()
    for organisation in await uow.organisations.list(cohort.id):
        if wanted in {organisation.id.lower(), organisation.name.lower()}:
            return organisation
    return None
