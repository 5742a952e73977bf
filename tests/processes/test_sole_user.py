"""One bot per SQLite file: a second is refused, clearly, rather than share it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from bot.cli import main

HOLD = """
import sys, time
from storage.sole_user import sole_user
with sole_user(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(60)
"""


async def holding(url: str) -> asyncio.subprocess.Process:
    """Another process that holds the database, once it says so."""
    other = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD, url, stdout=asyncio.subprocess.PIPE
    )
    assert other.stdout is not None
    assert await other.stdout.readline() == b"holding\n"
    return other


async def shell(url: str, tmp_path: Path) -> int:
    script = tmp_path / "script.txt"
    script.write_text(":now\n", encoding="utf-8")
    arguments = ["shell", "--script", str(script), "--database-url", url]
    return await asyncio.to_thread(main, arguments)


async def test_a_second_process_on_a_sqlite_file_is_refused_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/facilitator.db"
    other = await holding(url)
    try:
        status = await shell(url, tmp_path)
    finally:
        other.kill()
        await other.wait()
    assert status == 2
    error = capsys.readouterr().err
    assert f"{tmp_path}/facilitator.db is in use by process {other.pid}." in error
    assert "use PostgreSQL (DATABASE_URL) to run several" in error
    assert "Traceback" not in error


async def test_the_file_is_free_again_once_the_other_process_is_killed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/facilitator.db"
    other = await holding(url)
    other.kill()  # SIGKILL: its lock goes with it
    await other.wait()
    assert await shell(url, tmp_path) == 0
    assert "It is now" in capsys.readouterr().out
