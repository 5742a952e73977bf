"""`facilitator purge`: --dry-run lists what would go and deletes nothing, --at sets the
day it counts from, and on the console's database it counts from the console's clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from storage.engine import make_engine
from storage.orm import AuditRow, CompletionRow, PersonRow
from tests.console.test_report_cli import seed

SLUG = "loti-data-2027-1"


async def personal_data(url: str) -> tuple[list[str], int, int]:
    """Leaders' names, completions and audit entries in the database."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            names = sorted(await connection.scalars(select(PersonRow.display_name)))
            completions = await connection.scalar(select(func.count(CompletionRow.enrolment_id)))
            audit = await connection.scalar(select(func.count(AuditRow.id)))
    finally:
        await engine.dispose()
    return names, completions or 0, audit or 0


async def test_a_dry_run_lists_what_a_purge_would_erase_and_erases_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(database_url)
    before = await personal_data(database_url)
    purge = ["purge", "--older-than", "365d", "--database-url", database_url]
    assert await facilitator(*purge, "--at", "2028-06-01 09:00", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith("A dry run: nothing was erased. A purge would do this:\n")
    assert f"{SLUG} (course ended 2027-02-22): would anonymise 10 people; would delete " in out
    assert await personal_data(database_url) == before

    assert await facilitator(*purge, "--at", "2028-06-01 09:00") == 0
    out = capsys.readouterr().out
    assert f"{SLUG} (course ended 2027-02-22): anonymised 10 people; deleted " in out
    names, completions, audit = await personal_data(database_url)
    assert "Amira Khan" not in names and completions == 0 and audit == before[2] + 1


async def test_a_purge_counts_from_today_without_at(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(database_url)
    purge = ["purge", "--older-than", "365d", "--dry-run", "--database-url", database_url]
    assert await facilitator(*purge) == 0
    assert capsys.readouterr().out == (
        "A dry run: nothing was erased.\nNo cohort's course ended more than 365 days ago.\n"
    )


async def test_on_the_console_database_a_purge_counts_from_the_console_clock(
    database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = tmp_path / "script.txt"
    script.write_text(":advance 14d\n", encoding="utf-8")
    shell = ["shell", "--script", str(script), "--database-url", database_url]
    assert await facilitator(*shell, "--start", "2027-03-01 08:00") == 0
    capsys.readouterr()
    purge = ["purge", "--older-than", "7d", "--dry-run", "--database-url", database_url]
    assert await facilitator(*purge) == 0
    out, err = capsys.readouterr()
    assert f"{SLUG} (course ended 2027-02-22): would anonymise 4 people" in out
    assert err.startswith("Using the console's clock: Monday 15 March 2027, 08:00")


async def facilitator(*args: str) -> int:
    """Run the command in a thread: it runs its own event loop."""
    import asyncio

    return await asyncio.to_thread(main, list(args))
