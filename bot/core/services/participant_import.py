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
from bot.core.services.enrolment import save_person
from bot.core.services.seats import SignUpDetails, enrolment_in, queue_place, sign_up

logger = logging.getLogger(__name__)


def not_found(platform_name: str) -> str:
    """The outcome of a row whose email the platform does not know."""
    return f"not found in {platform_name}"


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
READY = "ready to import"  # a dry run's outcome for a row the import would look up


def check(
    rows: Sequence[ParticipantRow], organisations: Sequence[Organisation]
) -> list[ImportResult]:
    """What an import would make of each row before it asks the platform, for a dry run:
    a row naming one of the cohort's organisations is ready; the others are refused, as
    the import refuses them."""
    results = []
    for row in rows:
        organisation = _organisation(organisations, row.organisation)
        results.append(
            _no_organisation(row)
            if organisation is None
            else ImportResult(row.line, row.email, READY, True, organisation=organisation.name)
        )
    return results


@dataclass(frozen=True)
class ParticipantImport:
    ctx: ServiceContext
    finder: PeopleFinder
    platform: str
    platform_name: str  # the platform as people call it, in what each row's outcome says

    async def run(
        self, cohort_slug: str, rows: Sequence[ParticipantRow], progress: Progress | None = None
    ) -> list[ImportResult]:
        """Import the rows in order, calling `progress(done, total)` after each."""
        async with self.ctx.uow() as uow:
            cohort = await uow.cohorts.find(cohort_slug)
            assert cohort is not None and cohort.id is not None, "the cohort file is applied first"
            organisations = await uow.organisations.list(cohort.id)
        results = []
        for done, row in enumerate(rows, 1):
            results.append(await self._one(cohort, organisations, row))
            if progress is not None:
                progress(done, len(rows))
        self.ctx.wake_outbox()
        return results

    async def _one(
        self, cohort: Cohort, organisations: Sequence[Organisation], row: ParticipantRow
    ) -> ImportResult:
        assert cohort.id is not None
        organisation = _organisation(organisations, row.organisation)
        if organisation is None:  # known before asking the platform, whose look-ups are slow
            return _no_organisation(row)
        try:
            found = await self.finder.find_by_email(row.email)
        except RetryLater as problem:
            logger.warning("could not look up line %s: %s", row.line, problem.reason)
            return ImportResult(
                row.line,
                row.email,
                f"{self.platform_name} did not answer; import this row again",
                False,
            )
        async with self.ctx.uow() as uow:
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
            return _Placed(not_found(self.platform_name))
        assert cohort.id is not None
        profile = found.profile
        person = await uow.people.find(self.platform, found.user_id) or Person(
            self.platform, found.user_id, profile.display_name
        )
        enrolment = await enrolment_in(uow, cohort, person) if person.id else None
        if enrolment is not None and enrolment.status is EnrolmentStatus.ACTIVE:
            return _Placed("already enrolled", person.id, person.display_name)
        if enrolment is not None and enrolment.status is EnrolmentStatus.WAITLISTED:
            queued = await queue_place(uow, cohort.id, person, enrolment)
            position = queued[1] if queued else None
            return _Placed(
                f"already waitlisted (number {position})", person.id, person.display_name
            )
        person.display_name, person.time_zone = profile.display_name, profile.time_zone
        person.organisation_id, person.seniority = organisation.id, row.seniority
        person = await save_person(uow, person)
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


def _no_organisation(row: ParticipantRow) -> ImportResult:
    return ImportResult(row.line, row.email, f"no organisation “{row.organisation}”", False)


def _organisation(organisations: Sequence[Organisation], given: str) -> Organisation | None:
    """The organisation named by its id or its name, in any case."""
    wanted = " ".join(given.split()).lower()
    return next(
        (o for o in organisations if wanted in {o.id.lower(), o.name.lower()}),
        None,
    )
