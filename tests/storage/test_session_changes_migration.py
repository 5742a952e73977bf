"""Migration 0011 gives each confirmed session its own time, taken from its slot."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from alembic import command
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, column, insert, table
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.polls import ReflectionSession
from storage.migrate import alembic_config
from storage.uow import SqlUnitOfWorkFactory

STARTS = datetime(2027, 3, 2, 14, 0, tzinfo=UTC)
ROWS = {
    "cohorts": [
        {"id": 1, "slug": "c", "name": "C", "start_date": STARTS.date(), "default_pace": 6,
         "time_zone": "Europe/London"},
    ],
    "people": [{"id": 1, "platform": "slack", "platform_user_id": "U0SAM", "display_name": "Sam"}],
    "polls": [
        {"id": 1, "cohort_id": 1, "title": "Reflection", "deadline": STARTS, "created_by": 1,
         "created_at": STARTS, "formats": [], "capacity": None, "hide_counts": False,
         "status": "confirmed"},
    ],
    "poll_slots": [
        {"id": 1, "poll_id": 1, "starts_at": STARTS, "minutes": 90},
        {"id": 2, "poll_id": 1, "starts_at": STARTS + timedelta(days=1), "minutes": 60},
    ],
    "reflection_sessions": [
        {"id": 1, "poll_id": 1, "slot_id": 2, "place": "Room 4", "format": "In person"},
        {"id": 2, "poll_id": 1, "slot_id": 1, "place": "", "format": "Online"},
    ],
}  # fmt: skip
TYPES = {
    int: Integer,
    str: Text,
    bool: Boolean,
    datetime: DateTime(timezone=True),
    date: Date,
    list: JSON,
    type(None): Integer,
}


def _table(name: str) -> object:
    sample = ROWS[name][0]
    return table(
        name,
        *(column(key, TYPES.get(type(value), String)) for key, value in sample.items()),
    )


async def _migrate(database_url: str, revision: str, down: bool = False) -> None:
    step = command.downgrade if down else command.upgrade
    await asyncio.to_thread(step, alembic_config(database_url), revision)


async def test_sessions_confirmed_before_take_their_slots_time_and_start_unchanged(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory, database_url: str
) -> None:
    await _migrate(database_url, "0010", down=True)
    async with engine.begin() as connection:
        for name, rows in ROWS.items():
            await connection.execute(insert(_table(name)), rows)  # type: ignore[arg-type]
    await _migrate(database_url, "head")

    async with uow() as work:
        sessions = await work.sessions.for_poll(1)
    assert sessions == [
        ReflectionSession(1, 1, "", "Online", id=2, starts_at=STARTS, minutes=90),
        ReflectionSession(
            1, 2, "Room 4", "In person", id=1, starts_at=STARTS + timedelta(days=1), minutes=60
        ),
    ]
    assert all(s.sequence == 0 and not s.cancelled and s.notes == "" for s in sessions)
