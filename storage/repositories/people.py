"""Repositories for cohorts, their organisations, and people."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.model import Cohort, Organisation, Person, PrivacyNotice, Seniority
from storage.orm import CohortRow, OrganisationRow, PersonRow
from storage.repositories.base import dialect_insert, existing, insert_new_rows


def to_organisation(row: OrganisationRow) -> Organisation:
    return Organisation(row.id, row.name, row.seats)


def to_person(
    row: PersonRow | Row[int, str, str, str, str | None, str | None, str | None] | SimpleNamespace,
) -> Person:
    """A person from their row, or from a query of the columns (`_PERSON_COLUMNS`, `by_name`)."""
    return Person(
        platform=row.platform,
        platform_user_id=row.platform_user_id,
        display_name=row.display_name,
        organisation_id=row.organisation_id,
        seniority=None if row.seniority is None else Seniority(row.seniority),
        time_zone=row.time_zone,
        id=row.id,
    )


def to_cohort(row: CohortRow | SimpleNamespace) -> Cohort:
    """A cohort from its row, or from a query of its columns (`by_name`)."""
    return Cohort(
        slug=row.slug,
        name=row.name,
        start_date=row.start_date,
        default_pace=row.default_pace,
        time_zone=row.time_zone,
        cohort_channel=row.cohort_channel,
        moderators_channel=row.moderators_channel,
        coordinators_channel=row.coordinators_channel,
        id=row.id,
        privacy_notice=(
            PrivacyNotice(row.privacy_text, row.privacy_link) if row.privacy_text else None
        ),
        platform=row.platform,
        closed_at=row.closed_at,
    )


class SqlOrganisationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(self, cohort_id: int, organisation: Organisation) -> None:
        """Add the organisation to the cohort, or update its name and seats."""
        insert = dialect_insert(self._session, OrganisationRow).values(
            cohort_id=cohort_id,
            id=organisation.id,
            name=organisation.name,
            seats=organisation.seats,
        )
        await self._session.execute(
            insert.on_conflict_do_update(
                index_elements=["cohort_id", "id"],
                set_={"name": insert.excluded.name, "seats": insert.excluded.seats},
            )
        )

    async def list(self, cohort_id: int) -> Sequence[Organisation]:
        # populate_existing: upsert writes around the session, so loaded rows may be stale.
        rows = await self._session.scalars(
            select(OrganisationRow)
            .where(OrganisationRow.cohort_id == cohort_id)
            .order_by(OrganisationRow.name, OrganisationRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_organisation(row) for row in rows]

    async def get(self, cohort_id: int, organisation_id: str) -> Organisation | None:
        row = await self._session.get(
            OrganisationRow, (cohort_id, organisation_id), populate_existing=True
        )
        return None if row is None else to_organisation(row)

    async def lock_seats(self, cohort_id: int, organisation_id: str) -> None:
        """Hold the organisation's seats until commit.

        An update that changes nothing takes PostgreSQL's row lock and SQLite's write lock,
        so a second sign-up for the same seats waits here and then counts afresh.
        """
        await self._session.execute(
            update(OrganisationRow)
            .where(OrganisationRow.cohort_id == cohort_id, OrganisationRow.id == organisation_id)
            .values(seats=OrganisationRow.seats)
            .execution_options(synchronize_session=False)
        )


class SqlPersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, person_id: int) -> Person | None:
        row = await self._session.get(PersonRow, person_id)
        return None if row is None else to_person(row)

    async def find(self, platform: str, platform_user_id: str) -> Person | None:
        row = await self._session.scalar(
            select(PersonRow).where(
                PersonRow.platform == platform, PersonRow.platform_user_id == platform_user_id
            )
        )
        return None if row is None else to_person(row)

    async def add(self, person: Person) -> Person:
        row = PersonRow()
        _fill_person(row, person)
        self._session.add(row)
        await self._session.flush()
        return to_person(row)

    async def find_or_add(self, person: Person) -> Person:
        """The person with this platform id, added as given if there is none yet."""
        values = _person_values(person)
        # ON CONFLICT DO NOTHING: two first messages from one person at once add them once.
        await self._session.execute(
            dialect_insert(self._session, PersonRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["platform", "platform_user_id"])
        )
        found = await self.find(person.platform, person.platform_user_id)
        assert found is not None
        return found

    async def update(self, person: Person) -> None:
        _fill_person(await existing(self._session, PersonRow, person.id), person)
        await self._session.flush()

    async def find_all(self, platform: str, user_ids: Collection[str]) -> dict[str, Person]:
        """The people with these platform ids, by platform id, a few thousand a query."""
        wanted = sorted(set(user_ids))
        found: dict[str, Person] = {}
        for start in range(0, len(wanted), IN_LIST):
            rows = await self._session.execute(
                select(*_PERSON_COLUMNS).where(
                    PersonRow.platform == platform,
                    PersonRow.platform_user_id.in_(
                        # Written into the SQL as constants, which PostgreSQL looks up in a
                        # hash rather than comparing with each in turn.
                        bindparam(
                            "user_ids",
                            wanted[start : start + IN_LIST],
                            expanding=True,
                            literal_execute=True,
                        )
                    ),
                )
            )
            found |= {row.platform_user_id: to_person(row) for row in rows}
        return found

    async def add_all(self, people: Sequence[Person]) -> dict[str, Person]:
        """Add people in one statement; those added, with their ids, by platform id (one
        stored meanwhile by another process is kept, and not among them)."""
        if not people:
            return {}
        added = await insert_new_rows(
            self._session,
            PersonRow,
            [_person_values(p) for p in people],
            ["platform", "platform_user_id"],
            ["platform_user_id", "id"],
        )
        ids = dict(added)
        return {
            p.platform_user_id: Person(
                p.platform,
                p.platform_user_id,
                p.display_name,
                p.organisation_id,
                p.seniority,
                p.time_zone,
                ids[p.platform_user_id],
            )
            for p in people
            if p.platform_user_id in ids
        }

    async def update_all(self, people: Sequence[Person]) -> None:
        """Save stored people's details in one statement."""
        if people:
            rows = [{"id": p.id, **_person_values(p)} for p in people]
            await self._session.execute(update(PersonRow), rows)


# Ids in one IN (...), to keep each statement a reasonable size.
IN_LIST = 5000
_PERSON_COLUMNS = (
    PersonRow.id,
    PersonRow.platform,
    PersonRow.platform_user_id,
    PersonRow.display_name,
    PersonRow.organisation_id,
    PersonRow.seniority,
    PersonRow.time_zone,
)


def _person_values(person: Person) -> dict[str, object]:
    return {
        "platform": person.platform,
        "platform_user_id": person.platform_user_id,
        "display_name": person.display_name,
        "organisation_id": person.organisation_id,
        "seniority": None if person.seniority is None else person.seniority.value,
        "time_zone": person.time_zone,
    }


def _fill_person(row: PersonRow, person: Person) -> None:
    for name, value in _person_values(person).items():
        setattr(row, name, value)


class SqlCohortRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, cohort_id: int) -> Cohort | None:
        row = await self._session.get(CohortRow, cohort_id)
        return None if row is None else to_cohort(row)

    async def find(self, slug: str) -> Cohort | None:
        row = await self._session.scalar(select(CohortRow).where(CohortRow.slug == slug))
        return None if row is None else to_cohort(row)

    async def add(self, cohort: Cohort) -> Cohort:
        row = CohortRow()
        _fill_cohort(row, cohort)
        self._session.add(row)
        await self._session.flush()
        return to_cohort(row)

    async def update(self, cohort: Cohort) -> None:
        _fill_cohort(await existing(self._session, CohortRow, cohort.id), cohort)
        await self._session.flush()

    async def all(self) -> Sequence[Cohort]:
        rows = await self._session.scalars(select(CohortRow).order_by(CohortRow.id))
        return [to_cohort(row) for row in rows]

    async def close(self, cohort_id: int, at: datetime) -> bool:
        """Mark an open cohort closed at `at`; False if it was closed already."""
        # One conditional UPDATE: of two coordinators closing at once, one closes it.
        result = await self._session.execute(
            update(CohortRow)
            .where(CohortRow.id == cohort_id, CohortRow.closed_at.is_(None))
            .values(closed_at=at)
            .returning(CohortRow.id)
        )
        return result.first() is not None


def _fill_cohort(row: CohortRow, cohort: Cohort) -> None:
    row.slug = cohort.slug
    row.name = cohort.name
    row.start_date = cohort.start_date
    row.default_pace = cohort.default_pace
    row.time_zone = cohort.time_zone
    row.platform = cohort.platform
    row.cohort_channel = cohort.cohort_channel
    row.moderators_channel = cohort.moderators_channel
    row.coordinators_channel = cohort.coordinators_channel
    notice = cohort.privacy_notice
    row.privacy_text = notice.text if notice else None
    row.privacy_link = notice.link if notice else None
