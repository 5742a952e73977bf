"""Many rows inserted on PostgreSQL from one JSON parameter, made by json.dumps in C.

Sent as arrays, one a column (unnest), each value cost SQLAlchemy and asyncpg a call or
several: some 0.13 s of CPU for the 30,000 rows of a cohort file of 10,000 leaders. As
one JSON array of objects, read by json_to_recordset as columns of the table's types,
they cost json.dumps a few milliseconds a thousand.

A JSON column's values travel apart, in a JSON array of their own, each object once
however many rows hold it (the same welcome for thousands of leaders): the rows give
its place, and json_array_elements hands PostgreSQL its text as written, a None as the
JSON null SQLAlchemy stores for it. Nested in the rows, the welcome's 650 bytes were
written and read once a row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Dialect,
    Integer,
    Select,
    Table,
    Text,
    bindparam,
    cast,
    column,
    func,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

ROWS = "rows"


async def insert_json_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, object]],
    unique: tuple[str, ...],
    returning: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """storage.repositories.base.insert_new_rows on PostgreSQL: the rows, all naming the
    same columns, inserted unless their `unique` columns are taken; the `returning`
    columns of those added."""
    names = tuple(rows[0])
    statement = _insert_from_json(table, names, unique, returning)
    try:
        parameters = _parameters(session.get_bind().dialect, table, names, rows)
    except (TypeError, ValueError) as error:
        # As SQLAlchemy reports a value its types refuse (a naive time).
        raise StatementError(str(error), str(statement), None, error) from error
    return [tuple(row) for row in await session.execute(statement, parameters)]


@cache
def _insert_from_json(
    table: Table, names: tuple[str, ...], unique: tuple[str, ...], returning: tuple[str, ...]
) -> ReturningInsert[Any]:
    """INSERT ... SELECT of the rows `_parameters` gives, ON CONFLICT DO NOTHING."""
    return (
        postgresql.insert(table)
        .from_select(names, _rows(table, names))
        .on_conflict_do_nothing(index_elements=unique)
        .returning(*(table.c[name] for name in returning))
    )


def _rows(table: Table, names: tuple[str, ...]) -> Select[Any]:
    """The rows' columns, each JSON column's value found by its place in its list."""
    source = (
        func.json_to_recordset(_json(ROWS))
        .table_valued(*(column(name, _carried_as(table, name)) for name in names))
        .render_derived(with_types=True)
    )
    values: dict[str, ColumnElement[Any]] = {name: source.c[name] for name in names}
    joined: Any = source
    for name in _json_columns(table, names):
        elements = (
            func.json_array_elements(_json(_values_of(name)))
            .table_valued("value", with_ordinality="place")
            .render_derived()
        )
        joined = joined.join(elements, elements.c.place == source.c[name], isouter=True)
        values[name] = elements.c.value
    return select(*values.values()).select_from(joined)


def _parameters(
    dialect: Dialect, table: Table, names: tuple[str, ...], rows: Sequence[Mapping[str, object]]
) -> dict[str, str]:
    """The rows as one JSON array of objects, each value as SQLAlchemy would bind it (a
    time in UTC), dates and times in ISO 8601; each JSON column's value by its place in
    a list of its own, made of the column's objects, each once.

    A value is worked out once an object: a thousand rows added at once mostly share one
    time (now), which costs a microsecond or two to bind and write out."""
    parameters: dict[str, str] = {}
    changed: dict[str, list[object]] = {}
    for name in names:
        type_ = table.c[name].type
        if isinstance(type_, JSON):
            changed[name], distinct = _places(type_, [row[name] for row in rows])
            parameters[_values_of(name)] = json.dumps(distinct)
        elif process := type_.dialect_impl(dialect).bind_processor(dialect):
            changed[name] = _each_once([row[name] for row in rows], process)
    if changed:
        rows = [
            {**row, **{name: values[i] for name, values in changed.items()}}
            for i, row in enumerate(rows)
        ]
    parameters[ROWS] = json.dumps(rows, default=_iso_8601)
    return parameters


def _places(type_: JSON, values: list[object]) -> tuple[list[object], list[object]]:
    """Each value's place (from 1) in the list of distinct objects, and that list. A
    None the column stores as SQL NULL has no place; else it is the JSON null."""
    places: dict[int, int] = {}
    distinct: list[object] = []
    found: list[object] = []
    for value in values:
        if value is None and type_.none_as_null:
            found.append(None)
            continue
        if (place := places.get(id(value))) is None:
            distinct.append(value)
            place = places[id(value)] = len(distinct)
        found.append(place)
    return found, distinct


def _each_once(values: list[object], process: Callable[[Any], object]) -> list[object]:
    """The values bound by `process` and made plain for JSON, each object once."""
    done: dict[int, object] = {}
    found: list[object] = []
    for value in values:
        if (plain := done.get(id(value), _NOT_YET)) is _NOT_YET:
            bound = process(value)
            plain = done[id(value)] = _iso_8601(bound) if isinstance(bound, date | time) else bound
        found.append(plain)
    return found


_NOT_YET = object()


def _values_of(name: str) -> str:
    return f"values_of_{name}"


def _json(parameter: str) -> ColumnElement[Any]:
    return cast(bindparam(parameter, type_=Text), JSON)


def _carried_as(table: Table, name: str) -> Any:
    """A JSON column's place in its list, else the column's own type."""
    type_ = table.c[name].type
    return Integer() if isinstance(type_, JSON) else type_


def _json_columns(table: Table, names: Sequence[str]) -> list[str]:
    return [name for name in names if isinstance(table.c[name].type, JSON)]


def _iso_8601(value: object) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")
