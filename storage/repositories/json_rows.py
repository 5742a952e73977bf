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
from collections.abc import Mapping, Sequence
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
from sqlalchemy.sql.dml import ReturningInsert

ROWS = "rows"


@cache
def insert_from_json(
    table: Table, names: tuple[str, ...], unique: tuple[str, ...], returning: tuple[str, ...]
) -> ReturningInsert[Any]:
    """INSERT ... SELECT of the rows `json_parameters` gives, leaving out those whose
    `unique` columns are taken, RETURNING the `returning` columns of those added."""
    return (
        postgresql.insert(table)
        .from_select(names, _rows(table, names))
        .on_conflict_do_nothing(index_elements=unique)
        .returning(*(table.c[name] for name in returning))
    )


def _rows(table: Table, names: tuple[str, ...]) -> Select[Any]:
    """The rows' columns, each JSON column's value looked up by its place."""
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


def _values_of(name: str) -> str:
    return f"values_of_{name}"


def _json(parameter: str) -> ColumnElement[Any]:
    return cast(bindparam(parameter, type_=Text), JSON)


def _carried_as(table: Table, name: str) -> Any:
    """A JSON column's place in its list (from 1), else the column's own type."""
    type_ = table.c[name].type
    return Integer() if isinstance(type_, JSON) else type_


def _json_columns(table: Table, names: Sequence[str]) -> list[str]:
    return [name for name in names if isinstance(table.c[name].type, JSON)]


def json_parameters(
    dialect: Dialect, table: Table, names: tuple[str, ...], rows: Sequence[Mapping[str, object]]
) -> dict[str, str]:
    """The parameters of `insert_from_json`: the rows as one JSON array of objects, each
    value as SQLAlchemy would bind it (a time in UTC), dates and times in ISO 8601; and
    each JSON column's values, each object once (no place for a None the column stores
    as SQL NULL)."""
    changes: dict[str, list[object]] = {}
    parameters: dict[str, str] = {}
    for name in _json_columns(table, names):
        type_ = table.c[name].type
        assert isinstance(type_, JSON)
        places: dict[int, int] = {}
        distinct: list[object] = []
        column_places: list[object] = []
        for row in rows:
            value = row[name]
            if value is None and type_.none_as_null:
                column_places.append(None)
                continue
            if (place := places.get(id(value))) is None:
                distinct.append(value)
                place = places[id(value)] = len(distinct)
            column_places.append(place)
        changes[name] = column_places
        parameters[_values_of(name)] = json.dumps(distinct)
    for name in names:
        type_ = table.c[name].type
        if name in changes:
            continue
        if process := type_.dialect_impl(dialect).bind_processor(dialect):
            changes[name] = [process(row[name]) for row in rows]
    if changes:
        rows = [
            {**row, **{name: values[i] for name, values in changes.items()}}
            for i, row in enumerate(rows)
        ]
    parameters[ROWS] = json.dumps(rows, default=_iso_8601)
    return parameters


def _iso_8601(value: object) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")
