"""Many rows inserted on PostgreSQL from one JSON parameter, made by json.dumps in C.

Sent as arrays, one a column (unnest), each value cost SQLAlchemy and asyncpg a call or
several: some 0.13 s of CPU for the 30,000 rows of a cohort file of 10,000 leaders. Here
each row is a JSON array of its values, in the order of the columns named, read as
jsonb, and PostgreSQL casts each value's text (`->>`) to its column's type, as it would
a literal. Arrays, not objects: the names repeated in every row made the text three
times longer, and json_to_recordset read a thousand enrolments in 3.2 ms where this takes
2.1 ms. As json rather than jsonb, each `->>` reads its row's text again from the
start: 8 ms.

A JSON column's values travel apart, in a JSON array of their own, each object once
however many rows hold it (the same welcome for thousands of leaders): a row holds its
value's place in that list, and json_array_elements hands PostgreSQL the value's text as
written, a None as the JSON null SQLAlchemy stores for it.
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
    String,
    Table,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.types import TypeEngine

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
    """Each row's values, cast from their text; each JSON column's found by its place."""
    rows = (
        func.jsonb_array_elements(cast(bindparam(ROWS, type_=Text), postgresql.JSONB))
        .table_valued("item")
        .render_derived()
    )
    values: list[ColumnElement[Any]] = []
    joined: Any = rows
    for index, name in enumerate(names):
        text = rows.c.item.op("->>")(literal_column(str(index)))
        type_ = table.c[name].type
        if not isinstance(type_, JSON):
            values.append(cast(text, _unbounded(type_)))
            continue
        elements = (
            func.json_array_elements(cast(bindparam(_values_of(name), type_=Text), JSON))
            .table_valued("value", with_ordinality="place")
            .render_derived()
        )
        joined = joined.join(elements, elements.c.place == cast(text, Integer), isouter=True)
        values.append(elements.c.value)
    return select(*values).select_from(joined)


def _unbounded(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    """A string's type without its length: a cast to VARCHAR(64) cuts a longer value
    short without a word, where the insert refuses it, as it refuses one row's."""
    return String() if isinstance(type_, String) else type_


def _parameters(
    dialect: Dialect, table: Table, names: tuple[str, ...], rows: Sequence[Mapping[str, object]]
) -> dict[str, str]:
    """The rows as one JSON array of arrays, each value as SQLAlchemy would bind it (a
    time in UTC), dates and times in ISO 8601; each JSON column's value by its place in
    a list of its own, made of the column's objects, each once.

    A value is worked out once an object: a thousand rows added at once mostly share one
    time (now), which costs a microsecond or two to bind and write out."""
    parameters: dict[str, str] = {}
    columns: list[list[object]] = []
    for name in names:
        type_ = table.c[name].type
        values = [row[name] for row in rows]
        if isinstance(type_, JSON):
            values, distinct = _places(type_, values)
            parameters[_values_of(name)] = json.dumps(distinct)
        elif process := type_.dialect_impl(dialect).bind_processor(dialect):
            values = _each_once(values, process)
        columns.append(values)
    parameters[ROWS] = json.dumps(list(zip(*columns, strict=True)), default=_iso_8601)
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


def _iso_8601(value: object) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")
