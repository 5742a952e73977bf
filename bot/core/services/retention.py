"""Retention: the purge of leaders' personal data once their cohort ended (a coordinator
closed it, or its course ended) long enough ago, run from the command line
(`facilitator purge --older-than 365d`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta

from bot.core.model import AuditEntry
from bot.core.personal_data import CohortPurge, cohort_ended, forgotten_token
from bot.core.ports import Clock, UnitOfWorkFactory

PURGE = "purge"  # the audit log's action


@dataclass(frozen=True)
class Retention:
    """Removes the personal data of cohorts that ended long enough ago."""

    uow: UnitOfWorkFactory
    clock: Clock

    async def purge(self, older_than: timedelta, dry_run: bool = False) -> list[CohortPurge]:
        """Erase, as forget-me does, every leader of each cohort that ended (closed, or its
        course ended) more than `older_than` ago; a leader also in a cohort still kept
        loses only that cohort's records. Coordinators and moderators keep their names: they act for
        their organisations, and the audit log records what they did. Anonymous figures
        (weekly progress snapshots) stay. Running it again finds nothing more to do. A dry
        run does the same work and rolls it back, so it counts exactly what would go."""
        today = self.clock.now().astimezone(UTC).date()
        done: list[CohortPurge] = []
        async with self.uow() as uow:
            due = [
                c
                for c in await uow.cohorts.all()
                if c.id is not None and cohort_ended(c) < today - older_than
            ]
            due_ids = {c.id for c in due}
            for cohort in due:
                assert cohort.id is not None
                leaders = await uow.personal_data.leaders_in(cohort.id)
                leaving = sorted(p for p, cohorts in leaders.items() if cohorts <= due_ids)
                tokens = {person_id: forgotten_token() for person_id in leaving}
                erased = await uow.personal_data.anonymise(tokens)
                erased += await uow.personal_data.erase(sorted(leaders), cohort.id)
                erased += await uow.personal_data.erase_invitations(cohort.id)
                if not erased.nothing:
                    details: dict[str, object] = {
                        "older_than_days": older_than.days,
                        "people_anonymised": erased.people,
                    }
                    await uow.audit.add(
                        AuditEntry(None, PURGE, details, cohort.id), self.clock.now()
                    )
                done.append(
                    CohortPurge(cohort, cohort_ended(cohort), erased, len(leaders) - len(leaving))
                )
            if not dry_run:
                await uow.commit()
        return done
