from pathlib import Path

import pytest

from bot.core.model import Module
from bot.core.programme import due_by, week_of, weekly_plan
from bot.setup_files import load_curriculum

SAMPLE = load_curriculum(Path("config/curriculum.sample.yml"))


def modules(*minutes: int) -> list[Module]:
    return [
        Module(f"m{i}", f"Module {i}", m, f"https://x.test/{i}", "Unit")
        for i, m in enumerate(minutes, 1)
    ]


def ids(plan: tuple) -> list[list[str]]:
    return [[m.id for m in week.modules] for week in plan]


@pytest.mark.parametrize("weeks", [3, 6])
def test_the_sample_splits_into_equal_weeks_in_course_order(weeks: int) -> None:
    plan = weekly_plan(SAMPLE.modules, weeks)
    assert [m for w in plan for m in w.modules] == list(SAMPLE.modules)
    budget = SAMPLE.total_minutes / weeks
    assert all(abs(w.minutes - budget) <= 15 for w in plan)
    assert [w.number for w in plan] == list(range(1, weeks + 1))


def test_three_weeks_is_about_three_hours_a_week_and_six_about_ninety_minutes() -> None:
    assert [w.minutes for w in weekly_plan(SAMPLE.modules, 3)] == [165, 150, 165]
    assert [w.minutes for w in weekly_plan(SAMPLE.modules, 6)] == [75, 90, 75, 75, 90, 75]


def test_a_module_longer_than_a_week_fills_its_own_week_and_is_not_split() -> None:
    plan = weekly_plan(modules(15, 200, 15, 15), 3)
    assert ids(plan) == [["m1"], ["m2"], ["m3", "m4"]]


def test_fewer_modules_than_weeks_leaves_some_weeks_empty_but_keeps_order() -> None:
    plan = weekly_plan(modules(15, 15), 6)
    assert [m.id for w in plan for m in w.modules] == ["m1", "m2"]
    assert len(plan) == 6
    assert sum(1 for w in plan if not w.modules) == 4


def test_the_plan_is_deterministic() -> None:
    assert weekly_plan(modules(10, 20, 30, 40, 50), 3) == weekly_plan(
        modules(10, 20, 30, 40, 50), 3
    )


def test_an_empty_course_gives_empty_weeks() -> None:
    assert [w.modules for w in weekly_plan([], 3)] == [(), (), ()]


def test_a_plan_needs_at_least_one_week() -> None:
    with pytest.raises(ValueError):
        weekly_plan(modules(15), 0)


def test_weeks_count_from_the_start_date() -> None:
    from datetime import date

    start = date(2027, 1, 11)
    assert week_of(start, date(2027, 1, 10)) == 0
    assert week_of(start, start) == 1
    assert week_of(start, date(2027, 1, 17)) == 1
    assert week_of(start, date(2027, 1, 18)) == 2


def test_due_by_collects_every_module_up_to_a_week() -> None:
    plan = weekly_plan(modules(15, 15, 15, 15, 15, 15), 3)
    assert [m.id for m in due_by(plan, 2)] == ["m1", "m2", "m3", "m4"]
    assert due_by(plan, 0) == ()
