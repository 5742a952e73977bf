"""A leader's /checkin: acknowledged at once whatever the work after it, in few queries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import sqlalchemy

from handlers.slack.replies import SORRY
from storage.engine import make_engine
from tests.slack.conftest import AMIRA, Harness, listeners_finished
from tests.slack.failures import database_fails_once

pytestmark = pytest.mark.manual_outbox  # nothing else in the database while we count


async def test_a_check_in_costs_three_statements(harness: Harness) -> None:
    """Who asks (one join, which also tells whether the cohort is closed), the new
    completion, the modules done; then the commit."""
    h = harness
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement.split()[0].upper())

    engine = h.bot.core.engine.sync_engine
    sqlalchemy.event.listen(engine, "before_cursor_execute", record)
    try:
        await h.slack.slash_command("/checkin", "1", AMIRA)
        await h.api.wait_for("response_url")
        await listeners_finished()
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", record)
    assert sent == ["SELECT", "INSERT", "SELECT"]


@asynccontextmanager
async def completions_locked(h: Harness) -> AsyncIterator[None]:
    """Another client holds a lock that keeps the bot from recording completions."""
    other = make_engine(h.bot.core.engine.url.render_as_string(hide_password=False))
    try:
        async with other.connect() as connection:
            if other.dialect.name == "sqlite":
                await connection.exec_driver_sql("BEGIN IMMEDIATE")  # the file's write lock
            else:
                await connection.exec_driver_sql("LOCK TABLE completions IN EXCLUSIVE MODE")
            yield
            await connection.rollback()
    finally:
        await other.dispose()


async def test_a_command_is_acknowledged_while_its_work_waits_for_the_database(
    harness: Harness,
) -> None:
    h = harness
    async with completions_locked(h):
        response = await h.slack.slash_command("/checkin", "1", AMIRA)
        assert response.status == 200 and response.body == ""
        await asyncio.sleep(0.2)
        assert h.api.calls_to("response_url") == []  # the reply waits for the lock
    [reply] = await h.api.wait_for("response_url")
    assert reply.args["text"].startswith("Done: module 1.")


async def test_a_command_whose_work_fails_tells_the_person_after_the_ack(
    harness: Harness,
) -> None:
    h = harness
    with database_fails_once(h, "completions"):
        response = await h.slack.slash_command("/checkin", "1", AMIRA)
        [reply] = await h.api.wait_for("response_url")
    assert response.status == 200
    assert (reply.args["text"], reply.args["response_type"]) == (SORRY, "ephemeral")
