"""The grammar of the coordinators' progress commands."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands import (
    CommandError,
    ExportCohortProgress,
    ShowCohortProgress,
)
from bot.core.help_texts import help_text
from bot.core.platforms import CommandName
from tests.unit.typed import SLASH, parse_typed

NAMES = SLASH


def cohort(text: str) -> object:
    return parse_typed("cohort", text)


def test_cohort_progress_and_its_export_are_understood_in_any_case() -> None:
    assert cohort("progress") == ShowCohortProgress()
    assert cohort("Progress") == ShowCohortProgress()
    assert cohort("progress export") == ExportCohortProgress()
    assert cohort("  PROGRESS   Export ") == ExportCohortProgress()


def test_anything_else_after_progress_is_explained_with_an_example() -> None:
    error = cohort("progress camden")
    assert isinstance(error, CommandError)
    assert error.problem == "/cohort progress takes only the word export, not “camden”."
    assert error.example == "/cohort progress export"


def test_the_cohort_help_lists_progress_and_the_export() -> None:
    text = help_text(CommandName.COHORT, replace(SLASH, cohort="/admin"))
    assert "/admin progress: completion by organisation, seniority and pace" in text
    assert "/admin progress export:" in text
