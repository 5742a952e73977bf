"""Database fixtures: SQLite always, and PostgreSQL too when TEST_DATABASE_URL is set."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Cohort, Enrolment, EnrolmentStatus, Person, Role
from storage.engine import make_engine, make_session_factory
from storage.uow import SqlUnitOfWorkFactory

NOON = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the test's empty, migrated database (see tests/conftest.py)."""
    engine = make_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def uow(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_session_factory(engine))


def camden_cohort(slug: str = "spring-2027") -> Cohort:
    return Cohort(slug, "Spring 2027", date(2027, 1, 11), 6, "Europe/London", "C0COHORT")


@pytest.fixture
async def cohort(uow: SqlUnitOfWorkFactory) -> Cohort:
    async with uow() as work:
        stored = await work.cohorts.add(camden_cohort())
        await work.commit()
    return stored


AddPerson = Callable[[str], Awaitable[Person]]
Enrol = Callable[..., Awaitable[Enrolment]]


@pytest.fixture
def add_person(uow: SqlUnitOfWorkFactory) -> AddPerson:
    async def add(name: str) -> Person:
        async with uow() as work:
            user_id = "U" + name.upper().replace(" ", "")
            stored = await work.people.add(Person("slack", user_id, name))
            await work.commit()
        return stored

    return add


@pytest.fixture
def enrol(uow: SqlUnitOfWorkFactory, cohort: Cohort) -> Enrol:
    async def enrol(
        person: Person,
        role: Role = Role.LEADER,
        status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
        cohort_id: int | None = None,
    ) -> Enrolment:
        assert person.id is not None and cohort.id is not None
        wanted = Enrolment(cohort_id or cohort.id, person.id, role, status=status, joined_at=NOON)
        async with uow() as work:
            stored = await work.enrolments.add(wanted)
            await work.commit()
        return stored

    return enrol


@pytest.fixture
def statements(engine: AsyncEngine) -> list[str]:
    """Every SQL statement the engine sends from now on, to count queries."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    return sent
