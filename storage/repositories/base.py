"""Helpers the repositories share: loading a row that must exist, and conflict-safe inserts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from storage.orm import Base
from storage.repositories.json_rows import insert_json_rows


async def existing[R: Base](session: AsyncSession, row_type: type[R], key: object) -> R:
    """The row with this primary key; LookupError if there is none."""
    if key is None:
        raise ValueError(f"cannot update a {row_type.__name__} that was never stored")
    row = await session.get(row_type, key)
    if row is None:
        raise LookupError(f"no {row_type.__tablename__} row with key {key!r}")
    return row


def dialect_insert(
    session: AsyncSession, row_type: type[Base] | Table
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that knows ON CONFLICT, for the database this session talks to."""
    return _insert(session.get_bind().dialect.name, row_type)


def _insert(dialect: str, row_type: type[Base] | Table) -> postgresql.Insert | sqlite.Insert:
    if dialect == "postgresql":
        return postgresql.insert(row_type)
    if dialect == "sqlite":
        return sqlite.insert(row_type)
    raise NotImplementedError(f"storage supports SQLite and PostgreSQL, not {dialect}")


async def insert_new_rows(
    session: AsyncSession,
    row_type: type[Base],
    rows: Sequence[Mapping[str, object]],
    unique: Sequence[str],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """Insert many rows in one statement, leaving out those whose `unique` columns are
    taken (ON CONFLICT DO NOTHING: no failed transaction, no race with other writers);
    the `returning` columns of the rows added. Every row names the same columns.

    It names the table, not the mapped class: the ORM's bulk insert gathers RETURNING rows
    in a way that grows with the square of their number. PostgreSQL gets the rows as JSON
    (storage.repositories.json_rows).
    """
    if not rows:
        return []
    table = table_of(row_type)
    if session.get_bind().dialect.name == "postgresql":
        return await insert_json_rows(session, table, rows, tuple(unique), tuple(returning))
    added = await session.execute(
        dialect_insert(session, table)
        .on_conflict_do_nothing(index_elements=unique)
        .returning(*(table.c[name] for name in returning)),
        list(rows),
    )
    return [tuple(row) for row in added]


async def insert_unless_exists(
    session: AsyncSession,
    row_type: type[Base],
    values: Mapping[str, object],
    unique: Sequence[str],
) -> bool:
    """Insert one row; False if a row with the same unique columns is already there.

    ON CONFLICT DO NOTHING neither fails the transaction nor races with other writers.
    """
    name = session.get_bind().dialect.name
    statement = _insert_unless_exists(name, table_of(row_type), tuple(unique))
    result = await session.execute(statement, dict(values))
    return result.first() is not None


@cache
def _insert_unless_exists(dialect: str, table: Table, unique: tuple[str, ...]) -> Executable:
    """Built once for each table, its values given as parameters: building it cost more
    than running it. On the table, not the mapped class, SQLAlchemy runs it as a Core
    statement, without the ORM's bulk insert around it."""
    insert = _insert(dialect, table).on_conflict_do_nothing(index_elements=unique)
    return insert.returning(*table.primary_key)


def table_of(row_type: type[Base]) -> Table:
    """The table a mapped class maps."""
    table = row_type.__table__
    assert isinstance(table, Table)
    return table


def by_name(table: Table, values: Sequence[Any]) -> SimpleNamespace:
    """A table's columns in a Core statement's row (in the table's order), read by name
    as a loaded row would be."""
    return SimpleNamespace(**dict(zip(table.c.keys(), values, strict=True)))
