"""An in-memory database: named tables of rows, id sequences, and what a unit of work sees.

Rows in the committed tables are never changed in place: a commit puts in fresh copies.
So a unit of work can keep a shallow copy of a table as its snapshot, and compare.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from bot.core.clock import SystemClock
from bot.core.ports import Clock


@dataclass(frozen=True)
class TableName[K: Hashable, V]:
    """A table's name, typed by its key and row, so the fakes read rows with their types."""

    name: str


class UniqueViolation(Exception):
    """A row broke a unique constraint, as the database's IntegrityError would say."""


class ConcurrentUpdate(Exception):
    """Two units of work changed one row at once; the second commit fails, as it would
    under the database's serialisable isolation."""


_MISSING = object()


class MemoryDatabase:
    """The committed state shared by every unit of work a factory makes."""

    def __init__(self, clock: Clock | None = None) -> None:
        # The database's own clock, for the outbox's created and updated times.
        self.clock: Clock = clock or SystemClock()
        self.committed: dict[str, dict[Hashable, object]] = {}
        self._sequences: dict[str, int] = {}

    def next_id(self, table: TableName[Any, Any]) -> int:
        """A new id, never given out again, as a sequence does (a rollback keeps the gap)."""
        value = self._sequences.get(table.name, 0) + 1
        self._sequences[table.name] = value
        return value

    def rows[K: Hashable, V](self, table: TableName[K, V]) -> dict[K, V]:
        """The committed rows of a table, for a test to look at (copies)."""
        return copy.deepcopy(cast(dict[K, V], self.committed.get(table.name, {})))


class WorkingSet:
    """What one unit of work reads and writes: its own copy of each table it touches."""

    def __init__(self, database: MemoryDatabase) -> None:
        self.database = database
        self._working: dict[str, dict[Hashable, object]] = {}
        self._snapshot: dict[str, dict[Hashable, object]] = {}
        self._locked: dict[str, set[Hashable]] = {}

    def table[K: Hashable, V](self, table: TableName[K, V]) -> dict[K, V]:
        """The table as this unit of work sees it, copied from the committed one on first use."""
        if table.name not in self._working:
            committed = self.database.committed.setdefault(table.name, {})
            self._snapshot[table.name] = dict(committed)
            self._working[table.name] = copy.deepcopy(committed)
        return cast(dict[K, V], self._working[table.name])

    def lock[K: Hashable](self, table: TableName[K, Any], key: K) -> None:
        """Hold a row until commit: another unit of work that changed it meanwhile fails us."""
        self.table(table)
        self._locked.setdefault(table.name, set()).add(key)

    def commit(self) -> None:
        """Write every changed row; fail, writing nothing, if another commit changed one."""
        changes: list[tuple[dict[Hashable, object], Hashable, object]] = []
        for name, working in self._working.items():
            committed, before = self.database.committed[name], self._snapshot[name]
            locked = self._locked.get(name, set())
            for key in before.keys() | working.keys() | locked:
                mine, was = working.get(key, _MISSING), before.get(key, _MISSING)
                if mine == was and key not in locked:
                    continue
                if committed.get(key, _MISSING) != was:
                    raise ConcurrentUpdate(f"{name} row {key!r} changed since it was read")
                if mine != was:
                    changes.append((committed, key, mine))
        for committed, key, row in changes:
            if row is _MISSING:
                committed.pop(key, None)
            else:
                committed[key] = copy.deepcopy(row)
        self._snapshot = {name: copy.deepcopy(rows) for name, rows in self._working.items()}
        self._locked = {}


def stored[T](row: T) -> T:
    """A copy of a row as the database keeps it: times in UTC, naive times refused."""
    kept = copy.deepcopy(row)
    if dataclasses.is_dataclass(kept) and not isinstance(kept, type):
        for field in dataclasses.fields(kept):
            value = getattr(kept, field.name)
            if isinstance(value, datetime):
                object.__setattr__(kept, field.name, utc(value))
    return kept


def utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} cannot be stored; give it a timezone")
    return value.astimezone(UTC)


def fresh[T](row: T) -> T:
    """A copy to hand out, so a caller's changes reach the table only through `update`."""
    return copy.deepcopy(row)
