"""In-memory cohorts, organisations, people, enrolments and completions, as SQL keeps them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.model import (
    Cohort,
    Completion,
    Enrolment,
    EnrolmentStatus,
    Member,
    Organisation,
    Person,
    Role,
)
from bot.core.progress_report import LeaderProgress, Plan, ProgressRules
from tests.fakes.core.rows import (
    COHORTS,
    COMPLETIONS,
    ENROLMENTS,
    ORGANISATIONS,
    PEOPLE,
    CompletionRow,
)
from tests.fakes.core.tables import TableName, UniqueViolation, WorkingSet, fresh, stored


def existing_id[V](work: WorkingSet, table: TableName[int, V], key: int | None) -> int:
    """The id of a stored row; ValueError if never stored, LookupError if gone."""
    if key is None:
        raise ValueError(f"cannot update a {table.name} row that was never stored")
    if key not in work.table(table):
        raise LookupError(f"no {table.name} row with key {key!r}")
    return key


class MemoryOrganisationRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def upsert(self, cohort_id: int, organisation: Organisation) -> None:
        self._work.table(ORGANISATIONS)[(cohort_id, organisation.id)] = stored(organisation)

    async def list(self, cohort_id: int) -> Sequence[Organisation]:
        rows = [o for (c, _), o in self._work.table(ORGANISATIONS).items() if c == cohort_id]
        return [fresh(o) for o in sorted(rows, key=lambda o: (o.name, o.id))]

    async def get(self, cohort_id: int, organisation_id: str) -> Organisation | None:
        return fresh(self._work.table(ORGANISATIONS).get((cohort_id, organisation_id)))

    async def lock_seats(self, cohort_id: int, organisation_id: str) -> None:
        """Hold the organisation's row until commit, as the SQL no-op update does."""
        self._work.lock(ORGANISATIONS, (cohort_id, organisation_id))


class MemoryPersonRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def get(self, person_id: int) -> Person | None:
        return fresh(self._work.table(PEOPLE).get(person_id))

    async def find(self, platform: str, platform_user_id: str) -> Person | None:
        people = self._work.table(PEOPLE).values()
        found = (
            p for p in people if (p.platform, p.platform_user_id) == (platform, platform_user_id)
        )
        return fresh(next(found, None))

    async def add(self, person: Person) -> Person:
        if await self.find(person.platform, person.platform_user_id) is not None:
            raise UniqueViolation(f"person {person.platform}:{person.platform_user_id} exists")
        added = stored(replace(person, id=self._work.database.next_id(PEOPLE)))
        assert added.id is not None
        self._work.table(PEOPLE)[added.id] = added
        return fresh(added)

    async def find_or_add(self, person: Person) -> Person:
        """The person with this platform id, added as given if there is none yet."""
        found = await self.find(person.platform, person.platform_user_id)
        return found if found is not None else await self.add(person)

    async def update(self, person: Person) -> None:
        key = existing_id(self._work, PEOPLE, person.id)
        others = [p for p in self._work.table(PEOPLE).values() if p.id != key]
        if any(
            (p.platform, p.platform_user_id) == (person.platform, person.platform_user_id)
            for p in others
        ):
            raise UniqueViolation(f"person {person.platform}:{person.platform_user_id} exists")
        self._work.table(PEOPLE)[key] = stored(person)

    async def find_all(self, platform: str, user_ids: Collection[str]) -> dict[str, Person]:
        wanted = set(user_ids)
        return {
            p.platform_user_id: fresh(p)
            for p in self._work.table(PEOPLE).values()
            if p.platform == platform and p.platform_user_id in wanted
        }

    async def add_all(self, people: Sequence[Person]) -> dict[str, Person]:
        added = {}
        for person in people:
            if await self.find(person.platform, person.platform_user_id) is None:
                added[person.platform_user_id] = await self.add(person)
        return added

    async def update_all(self, people: Sequence[Person]) -> None:
        for person in people:
            await self.update(person)


class MemoryCohortRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def get(self, cohort_id: int) -> Cohort | None:
        return fresh(self._work.table(COHORTS).get(cohort_id))

    async def find(self, slug: str) -> Cohort | None:
        return fresh(next((c for c in self._work.table(COHORTS).values() if c.slug == slug), None))

    async def add(self, cohort: Cohort) -> Cohort:
        if await self.find(cohort.slug) is not None:
            raise UniqueViolation(f"cohort {cohort.slug} exists")
        added = stored(replace(cohort, id=self._work.database.next_id(COHORTS)))
        assert added.id is not None
        self._work.table(COHORTS)[added.id] = added
        return fresh(added)

    async def update(self, cohort: Cohort) -> None:
        """Keep the cohort's details from its file; never its `closed_at`."""
        key = existing_id(self._work, COHORTS, cohort.id)
        table = self._work.table(COHORTS)
        if any(c.slug == cohort.slug and c.id != key for c in table.values()):
            raise UniqueViolation(f"cohort {cohort.slug} exists")
        table[key] = stored(replace(cohort, closed_at=table[key].closed_at))

    async def all(self) -> Sequence[Cohort]:
        return [fresh(c) for _, c in sorted(self._work.table(COHORTS).items())]

    async def close(self, cohort_id: int, at: datetime) -> bool:
        """Mark an open cohort closed at `at`; False if it was closed already."""
        table = self._work.table(COHORTS)
        cohort = table.get(cohort_id)
        if cohort is None or cohort.closed_at is not None:
            return False
        table[cohort_id] = stored(replace(cohort, closed_at=at))
        return True


class MemoryEnrolmentRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def for_person(self, person_id: int) -> Sequence[Enrolment]:
        rows = sorted(self._work.table(ENROLMENTS).items())
        return [fresh(e) for _, e in rows if e.person_id == person_id]

    async def active_of(
        self, platform: str, platform_user_id: str
    ) -> Sequence[tuple[Person, Enrolment, Cohort]]:
        """The person's active enrolments, oldest first, with the person and the cohort."""
        people = self._work.table(PEOPLE).values()
        person = next(
            (p for p in people if (p.platform, p.platform_user_id) == (platform, platform_user_id)),
            None,
        )
        if person is None:
            return []
        cohorts = self._work.table(COHORTS)
        return [
            (fresh(person), fresh(e), fresh(cohorts[e.cohort_id]))
            for _, e in sorted(self._work.table(ENROLMENTS).items())
            if e.person_id == person.id and e.status is EnrolmentStatus.ACTIVE
        ]

    async def add(self, enrolment: Enrolment) -> Enrolment:
        self._check_unique(enrolment, None)
        added = stored(replace(enrolment, id=self._work.database.next_id(ENROLMENTS)))
        assert added.id is not None
        self._work.table(ENROLMENTS)[added.id] = added
        return fresh(added)

    async def update(self, enrolment: Enrolment) -> None:
        key = existing_id(self._work, ENROLMENTS, enrolment.id)
        self._check_unique(enrolment, key)
        self._work.table(ENROLMENTS)[key] = stored(enrolment)

    async def members(self, cohort_id: int, role: Role) -> Sequence[Member]:
        """Active enrolments of one role, each with its person, by name."""
        return [
            m
            for m in self._members(cohort_id, role)
            if m.enrolment.status is EnrolmentStatus.ACTIVE
        ]

    async def all_members(self, cohort_id: int, role: Role) -> Sequence[Member]:
        """Enrolments of one role in any status (waitlisted, withdrawn), with their people."""
        return self._members(cohort_id, role)

    async def enrolled(self, cohort_id: int, role: Role) -> set[tuple[str, str]]:
        return {
            (m.person.platform, m.person.platform_user_id) for m in self._members(cohort_id, role)
        }

    async def add_all(self, enrolments: Sequence[Enrolment]) -> set[int]:
        added = set()
        for enrolment in enrolments:
            wanted = (enrolment.cohort_id, enrolment.person_id, enrolment.role)
            rows = self._work.table(ENROLMENTS).values()
            if all((e.cohort_id, e.person_id, e.role) != wanted for e in rows):
                await self.add(enrolment)
                added.add(enrolment.person_id)
        return added

    async def waiting_in(self, cohort_id: int) -> set[str]:
        return {
            m.person.organisation_id
            for m in self._members(cohort_id, Role.LEADER)
            if m.enrolment.status is EnrolmentStatus.WAITLISTED and m.person.organisation_id
        }

    def _members(self, cohort_id: int, role: Role) -> list[Member]:
        people = self._work.table(PEOPLE)
        found = [
            Member(fresh(people[e.person_id]), fresh(e))
            for e in self._work.table(ENROLMENTS).values()
            if e.cohort_id == cohort_id and e.role is role
        ]
        # As the SQL orders them: lower(display_name), then person id.
        return sorted(found, key=lambda m: (m.person.display_name.lower(), m.person.id or 0))

    def _check_unique(self, enrolment: Enrolment, own_id: int | None) -> None:
        wanted = (enrolment.cohort_id, enrolment.person_id, enrolment.role)
        for other in self._work.table(ENROLMENTS).values():
            if other.id != own_id and (other.cohort_id, other.person_id, other.role) == wanted:
                raise UniqueViolation(f"enrolment {wanted} exists")


class MemoryCompletionRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def for_enrolment(self, enrolment_id: int) -> Sequence[Completion]:
        rows = self._work.table(COMPLETIONS).values()
        return [
            fresh(r.completion)
            for r in sorted(rows, key=_by_id)
            if r.completion.enrolment_id == enrolment_id
        ]

    async def add(self, completion: Completion) -> bool:
        """Record a completion; False if it was already recorded."""
        key = (completion.enrolment_id, completion.module_id)
        table = self._work.table(COMPLETIONS)
        if key in table:
            return False
        table[key] = CompletionRow(self._work.database.next_id(COMPLETIONS), stored(completion))
        return True

    async def remove(self, enrolment_id: int, module_id: str) -> bool:
        return self._work.table(COMPLETIONS).pop((enrolment_id, module_id), None) is not None

    async def counts(self, cohort_id: int, module_ids: Collection[str]) -> dict[int, int]:
        """Completed modules among `module_ids` per enrolment of a cohort (only enrolments
        with any)."""
        done = Counter(
            row.completion.enrolment_id
            for row in self._of_cohort(cohort_id)
            if row.completion.module_id in module_ids
        )
        return dict(done)

    async def counts_by_module(self, cohort_id: int) -> dict[str, int]:
        return dict(Counter(row.completion.module_id for row in self._of_cohort(cohort_id)))

    async def done_by_enrolment(
        self, cohort_id: int, only: Collection[int] | None = None
    ) -> dict[int, frozenset[str]]:
        done: dict[int, set[str]] = {}
        for row in self._of_cohort(cohort_id):
            if only is not None and row.completion.enrolment_id not in only:
                continue
            done.setdefault(row.completion.enrolment_id, set()).add(row.completion.module_id)
        return {enrolment_id: frozenset(ids) for enrolment_id, ids in done.items()}

    async def for_cohort(self, cohort_id: int) -> Sequence[Completion]:
        """Every completion of a cohort's enrolments, oldest first."""
        rows = sorted(self._of_cohort(cohort_id), key=lambda r: (r.completion.completed_at, r.id))
        return [fresh(r.completion) for r in rows]

    async def leader_progress(
        self, cohort_id: int, rules: ProgressRules
    ) -> Sequence[LeaderProgress]:
        """Each active leader's counts, worked out one by one."""
        done = await self.done_by_enrolment(cohort_id)
        leaders = await MemoryEnrolmentRepository(self._work).members(cohort_id, Role.LEADER)
        return [_progress(m, done.get(m.enrolment.id or 0, frozenset()), rules) for m in leaders]

    def _of_cohort(self, cohort_id: int) -> list[CompletionRow]:
        enrolments = self._work.table(ENROLMENTS)
        return [
            row
            for row in self._work.table(COMPLETIONS).values()
            if (e := enrolments.get(row.completion.enrolment_id)) is not None
            and e.cohort_id == cohort_id
        ]


def _progress(member: Member, done: frozenset[str], rules: ProgressRules) -> LeaderProgress:
    rhythm = member.enrolment.rhythm
    pace = member.enrolment.pace or rules.default_pace
    plan = Plan(pace, rhythm.plan_start_week, rhythm.done_at_replan)
    person = member.person
    return LeaderProgress(
        name=person.display_name,
        organisation_id=person.organisation_id,
        seniority=person.seniority,
        pace=pace,
        modules_done=sum(1 for m in rules.modules if m in done),
        behind_by=len(rules.expected(plan) - done),
        enrolment_id=member.enrolment.id or 0,
    )


def _by_id(row: CompletionRow) -> int:
    return row.id
