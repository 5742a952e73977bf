"""aiosqlite, one trip to its thread for each statement.

aiosqlite runs every call on the sqlite3 connection in a thread of its own, and each
call is a round trip: the event loop hands the call over, the thread runs it, and the
loop is woken to take the answer. SQLAlchemy makes four such calls for every statement
(open a cursor, execute, fetch the rows, close the cursor), and one more to roll back
when a connection goes back to the pool, even after a commit. A leader's check-in, three
statements and a commit, took fourteen trips; here it takes four.

`Connection` is aiosqlite's, with a cursor that executes its statement, fetches the
first rows and, once they are all read, closes itself, in one trip; and a commit or
rollback that stays on the loop when no transaction is open (sqlite3 would do nothing
with it either). SQLAlchemy's adapter is unchanged around it: `make_engine` hands it
this connection instead of aiosqlite's (storage/engine.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite

# Rows fetched with the statement. A statement that has more keeps its cursor, and the
# rest come in a further trip: a file streamed from the database (yield_per) is read a
# slice at a time, as before.
FIRST_ROWS = 100

Row = tuple[Any, ...]
Description = tuple[tuple[str, None, None, None, None, None, None], ...] | None


class Connection(aiosqlite.Connection):
    """aiosqlite's connection, with `OneTripCursor`s."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor at once: the sqlite3 cursor is made on the thread with its statement."""
        return OneTripCursor(self)

    # With no transaction open, sqlite3 would do nothing: that takes no trip. (Read on
    # the loop while no call is on the thread, as SQLAlchemy waits for each.)

    async def commit(self) -> None:
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self._conn.in_transaction:
            await super().rollback()


async def connect(database: str, **options: Any) -> Connection:
    """Open the connection, as aiosqlite.connect would (SQLite's options as given)."""
    connection = Connection(lambda: sqlite3.connect(database, **options), iter_chunk_size=64)
    # Its thread must not keep the process alive, as SQLAlchemy's own connect ensures.
    connection._thread.daemon = True
    await connection
    return connection


class OneTripCursor:
    """A DB-API cursor for SQLAlchemy's aiosqlite adapter: `execute` runs the statement
    and fetches its first rows in one trip; reading those, and closing, takes none."""

    arraysize = 1

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cursor: sqlite3.Cursor | None = None  # until all its rows are read
        self._rows: list[Row] = []
        self.description: Description = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        await self._trip(self._execute, sql, () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, parameters: Sequence[Sequence[Any]]) -> OneTripCursor:
        await self._trip(self._executemany, sql, parameters)
        return self

    async def fetchone(self) -> Row | None:
        rows = await self.fetchmany(1)
        return rows[0] if rows else None

    async def fetchmany(self, size: int | None = None) -> list[Row]:
        size = self.arraysize if size is None else size
        if len(self._rows) < size and self._cursor is not None:
            await self._trip(self._more, size - len(self._rows))
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    async def fetchall(self) -> list[Row]:
        if self._cursor is not None:
            await self._trip(self._more, None)
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._rows = []
        if self._cursor is not None:
            await self._trip(self._close)

    async def _trip(self, call: Any, *args: Any) -> None:
        await self._connection._execute(call, *args)  # type: ignore[no-untyped-call]

    # The rest runs on aiosqlite's thread.

    def _execute(self, sql: str, parameters: Sequence[Any]) -> None:
        self._cursor = self._connection._conn.cursor()
        self._cursor.execute(sql, parameters)
        self._more(FIRST_ROWS)

    def _executemany(self, sql: str, parameters: Sequence[Sequence[Any]]) -> None:
        self._cursor = self._connection._conn.cursor()
        self._cursor.executemany(sql, parameters)
        self._more(FIRST_ROWS)

    def _more(self, size: int | None) -> None:
        """Fetch `size` more rows (all with None); close the cursor once they are all read."""
        cursor = self._cursor
        assert cursor is not None
        if cursor.description is None:
            rows, done = [], True
        elif size is None:
            rows, done = cursor.fetchall(), True
        else:
            rows = cursor.fetchmany(size)
            done = len(rows) < size
        self._rows += rows
        self.description, self.rowcount = cursor.description, cursor.rowcount
        self.lastrowid = cursor.lastrowid
        if done:
            self._close()

    def _close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None
