"""Making the bot's own database fail, once, in the middle of handling something."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy

from tests.slack.conftest import Harness


@contextmanager
def database_fails_once(h: Harness, table: str) -> Iterator[list[str]]:
    """The first INSERT into `table` fails, as if the database went away; yields the
    statements that failed."""
    failed: list[str] = []

    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}") and not failed:
            failed.append(statement)
            raise RuntimeError("the database went away")

    engine = h.bot.core.engine.sync_engine
    sqlalchemy.event.listen(engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", fail)
