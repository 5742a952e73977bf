"""In-memory champions, invitations, reflections and progress snapshots, as SQL keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.model import Champion, Invitation
from bot.core.progress_report import ProgressSnapshot
from bot.core.reflection import Reflection
from tests.fakes.core.rows import CHAMPIONS, INVITATIONS, REFLECTIONS, SNAPSHOTS, InvitationRow
from tests.fakes.core.tables import WorkingSet, fresh, stored, utc


class MemoryChampionRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def name(self, champion: Champion) -> None:
        """Make this person the organisation's champion, replacing any other."""
        self._work.table(CHAMPIONS)[(champion.cohort_id, champion.organisation_id)] = champion

    async def for_person(self, person_id: int) -> Sequence[Champion]:
        return [
            c for _, c in sorted(self._work.table(CHAMPIONS).items()) if c.person_id == person_id
        ]

    async def for_cohort(self, cohort_id: int) -> Sequence[Champion]:
        return [
            c for _, c in sorted(self._work.table(CHAMPIONS).items()) if c.cohort_id == cohort_id
        ]


class MemoryInvitationRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def record(self, invitation: Invitation) -> None:
        """Keep an invitation by email (any case); inviting the same email again updates it."""
        table = self._work.table(INVITATIONS)
        key = (invitation.cohort_id, invitation.email.lower())
        kept = stored(replace(invitation, email=invitation.email.lower()))
        earlier = table.get(key)
        row_id = earlier.id if earlier else self._work.database.next_id(INVITATIONS)
        table[key] = InvitationRow(row_id, kept)

    async def for_cohort(self, cohort_id: int) -> Sequence[Invitation]:
        rows = sorted(self._work.table(INVITATIONS).values(), key=lambda r: r.id)
        return [r.invitation for r in rows if r.invitation.cohort_id == cohort_id]


class MemoryReflectionRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def offer(self, reflection: Reflection) -> Reflection | None:
        """Record that a week's question was offered; None if it was offered before."""
        table = self._work.table(REFLECTIONS)
        wanted = (reflection.enrolment_id, reflection.week)
        if any((r.enrolment_id, r.week) == wanted for r in table.values()):
            return None
        offered = stored(
            replace(reflection, answered_at=None, id=self._work.database.next_id(REFLECTIONS))
        )
        assert offered.id is not None
        table[offered.id] = offered
        return offered

    async def get(self, reflection_id: int) -> Reflection | None:
        return self._work.table(REFLECTIONS).get(reflection_id)

    async def answer(self, reflection_id: int, text: str, shared: bool, at: datetime) -> bool:
        """Keep the leader's answer; False if the question was answered before."""
        table = self._work.table(REFLECTIONS)
        offered = table.get(reflection_id)
        if offered is None or offered.text is not None:
            return False
        table[reflection_id] = replace(offered, text=text, shared=shared, answered_at=utc(at))
        return True

    async def for_enrolment(self, enrolment_id: int) -> Sequence[Reflection]:
        found = [
            r for r in self._work.table(REFLECTIONS).values() if r.enrolment_id == enrolment_id
        ]
        return sorted(found, key=lambda r: r.week)


class MemoryProgressSnapshotRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, snapshot: ProgressSnapshot) -> bool:
        """Keep a week's figures; False if that week was already kept."""
        table = self._work.table(SNAPSHOTS)
        key = (snapshot.cohort_id, snapshot.week)
        if key in table:
            return False
        table[key] = fresh(snapshot)
        return True

    async def latest_before(self, cohort_id: int, week: int) -> ProgressSnapshot | None:
        """The most recent snapshot of an earlier week, if any."""
        earlier = [
            s for (c, w), s in self._work.table(SNAPSHOTS).items() if c == cohort_id and w < week
        ]
        return fresh(max(earlier, key=lambda s: s.week, default=None))
