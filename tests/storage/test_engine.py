"""The engine, its SQLite settings, the health check, and how datetimes round-trip."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.model import Cohort, Completion, Enrolment, Person, Role
from storage.engine import make_engine, open_every_connection
from storage.uow import SqlUnitOfWorkFactory, database_is_reachable
from tests.deliveries import delivery

LONDON_SUMMER = datetime(2027, 6, 1, 9, 30, tzinfo=ZoneInfo("Europe/London"))


async def test_foreign_keys_are_enforced(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        with pytest.raises(IntegrityError):
            await work.enrolments.add(Enrolment(cohort_id=404, person_id=404, role=Role.LEADER))


async def test_a_database_that_answers_is_reachable(engine: AsyncEngine) -> None:
    assert await database_is_reachable(engine)


async def test_a_database_that_cannot_be_opened_is_unreachable(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'folder' / 'bot.db'}")
    assert not await database_is_reachable(engine)
    await engine.dispose()
    await _aiosqlite_threads_stopped()


async def _aiosqlite_threads_stopped() -> None:
    # After a failed connect aiosqlite stops its worker thread with one last callback
    # into the loop; the loop must outlive it, or the thread reports a closed loop.
    for thread in threading.enumerate():
        if "_connection_worker_thread" in thread.name:
            await asyncio.to_thread(thread.join, 5)


async def test_a_postgresql_server_that_is_down_is_unreachable() -> None:
    engine = make_engine("postgresql+asyncpg://postgres@127.0.0.1:9/nothing")
    assert not await database_is_reachable(engine)
    await engine.dispose()


async def test_datetimes_come_back_aware_and_in_utc(
    uow: SqlUnitOfWorkFactory, enrolled: Enrolment
) -> None:
    assert enrolled.id is not None
    async with uow() as work:
        await work.completions.add(Completion(enrolled.id, "m1", "command", LONDON_SUMMER))
        await work.commit()
    async with uow() as work:
        (completion,) = await work.completions.for_enrolment(enrolled.id)
        (member,) = await work.enrolments.members(enrolled.cohort_id, Role.LEADER)
    assert completion.completed_at == LONDON_SUMMER
    assert completion.completed_at.tzinfo is UTC
    assert completion.completed_at.hour == 8
    assert member.enrolment.joined_at is not None
    assert member.enrolment.joined_at.tzinfo is UTC


async def test_comparisons_between_zones_use_the_instant(uow: SqlUnitOfWorkFactory) -> None:
    # Stored in UTC whatever zone it came in: 10:00+02:00 is before 09:30 UTC.
    not_before = datetime(2027, 6, 1, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    async with uow() as work:
        await work.deliveries.enqueue(delivery("k", "U1", "", not_before=not_before))
        await work.commit()
    async with uow() as work:
        (due,) = await work.deliveries.due(datetime(2027, 6, 1, 9, 30, tzinfo=UTC), 10)
    assert due.not_before == not_before
    assert due.not_before is not None and due.not_before.tzinfo is UTC


async def test_naive_datetimes_are_refused(uow: SqlUnitOfWorkFactory, cohort: Cohort) -> None:
    async with uow() as work:
        with pytest.raises(StatementError, match="naive datetime"):
            await work.processed_events.record("Ev1", datetime(2027, 6, 1, 9, 30))


@pytest.fixture
async def enrolled(
    add_person: Callable[[str], Awaitable[Person]], enrol: Callable[..., Awaitable[Enrolment]]
) -> Enrolment:
    return await enrol(await add_person("Ada Lovelace"))


async def test_a_server_that_never_answers_is_unreachable_after_the_timeout() -> None:
    silent: list[asyncio.StreamWriter] = []

    async def accept_and_say_nothing(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        silent.append(writer)

    server = await asyncio.start_server(accept_and_say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    engine = make_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/nothing")
    try:
        assert not await database_is_reachable(engine, within_seconds=0.2)
    finally:
        for writer in silent:
            writer.close()
        server.close()
        await engine.dispose()


async def test_after_postgresql_drops_every_connection_one_statement_fails_then_all_work(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory
) -> None:
    """Connections are not pinged before use (three round trips each time): when the
    server restarts, the first statement fails and the pool renews every connection."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps one connection to a file, which nothing can drop")
    async with contextlib.AsyncExitStack() as three_at_once:  # three connections in the pool
        for _ in range(3):
            work = await three_at_once.enter_async_context(uow())
            await work.people.find("slack", "U0NOBODY01")
    admin = make_engine(engine.url.render_as_string(hide_password=False))
    async with admin.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    await admin.dispose()
    with pytest.raises(DBAPIError):
        async with uow() as work:
            await work.people.find("slack", "U0NOBODY01")
    for _ in range(3):
        async with uow() as work:
            assert await work.people.find("slack", "U0NOBODY01") is None


async def test_sqlite_work_takes_turns_on_one_connection_that_commits_without_fsync(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory, cohort: Cohort
) -> None:
    """One writer at a time is all SQLite allows: a second connection would only wait for
    the file's lock, sleeping; in WAL mode a commit needs no fsync (synchronous=NORMAL)."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL serves many connections")

    async def add(name: str) -> None:
        async with uow() as work:
            await work.people.add(Person("slack", f"U0{name.upper()}", name))
            await asyncio.sleep(0.01)  # the other one must wait for the connection
            await work.commit()

    await asyncio.gather(*(add(name) for name in ("ada", "ben", "cai")))
    assert engine.pool.size() == 1
    async with engine.connect() as connection:
        assert await connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert await connection.scalar(text("PRAGMA synchronous")) == 1  # NORMAL
    async with uow() as work:
        found = [await work.people.find("slack", f"U0{n.upper()}") for n in ("ada", "ben", "cai")]
    assert all(found)


async def test_a_start_opens_every_connection_the_pool_keeps(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        pool = engine.pool
        await open_every_connection(engine)
        kept = 1 if database_url.startswith("sqlite") else 10
        assert pool.checkedin() == pool.size() == kept  # type: ignore[attr-defined]
        assert pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
