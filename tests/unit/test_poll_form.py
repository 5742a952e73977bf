"""Checking a coordinator's poll form: each problem named against its field."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.poll_form import (
    CAPACITY,
    DEADLINE_DATE,
    DEADLINE_TIME,
    FORMAT,
    OPTIONS,
    TITLE,
    poll_form,
    read_poll,
    slot_ids,
)
from bot.core.polls import PollPlan

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 2, 22, 9, 0, tzinfo=LONDON)


def answers(**extra: str) -> dict[str, tuple[str, ...]]:
    filled = {
        TITLE: "Reflection session",
        "slot1_date": "2027-03-02",
        "slot1_time": "14:00",
        "slot1_length": "90",
        DEADLINE_DATE: "2027-02-26",
        DEADLINE_TIME: "17:00",
    }
    filled.update(extra)
    return {key: (value,) if value else () for key, value in filled.items()}


def test_a_good_form_gives_the_poll_with_its_slots_in_order() -> None:
    given = answers(slot2_date="2027-03-01", slot2_time="10:00", slot2_length="60")
    given[FORMAT] = ("Online", "Hybrid")
    given[OPTIONS] = ("hide",)
    plan = read_poll({**given, CAPACITY: ("20",)}, NOW, LONDON)
    assert isinstance(plan, PollPlan)
    assert [(s.starts_at, s.minutes) for s in plan.slots] == [
        (datetime(2027, 3, 1, 10, 0, tzinfo=LONDON), 60),
        (datetime(2027, 3, 2, 14, 0, tzinfo=LONDON), 90),
    ]
    assert plan.deadline == datetime(2027, 2, 26, 17, 0, tzinfo=LONDON)
    assert (plan.formats, plan.capacity, plan.hide_counts) == (("Online", "Hybrid"), 20, True)


def test_each_problem_is_named_against_its_own_field() -> None:
    given = answers(
        slot2_date="2027-02-01",  # in the past
        slot2_time="10:00",
        slot3_date="2027-03-02",  # the same as slot 1
        slot3_time="14:00",
        slot3_length="90",
        slot4_date="2027-03-05",  # no time
        **{CAPACITY: "0"},
    )
    problems = read_poll(given, NOW, LONDON)
    assert problems == {
        "slot2_date": "Slot 2 is in the past. Choose a later time.",
        "slot3_date": "Slot 3 is the same as slot 1.",
        "slot4_time": "Give slot 4 both a date and a start time.",
        CAPACITY: "Give a whole number from 1 to 1,000, or leave it empty.",
    }


def test_the_deadline_must_be_before_the_first_slot_and_still_to_come() -> None:
    late = read_poll(answers(**{DEADLINE_DATE: "2027-03-03"}), NOW, LONDON)
    assert late == {
        DEADLINE_DATE: "Close the votes before the first slot (Tuesday 2 March 2027 at 14:00)."
    }
    past = read_poll(answers(**{DEADLINE_DATE: "2027-02-20"}), NOW, LONDON)
    assert past == {DEADLINE_DATE: "The deadline has passed. Choose a later one."}


def test_a_form_with_no_slot_or_title_says_so() -> None:
    problems = read_poll(answers(slot1_date="", slot1_time="", **{TITLE: " "}), NOW, LONDON)
    assert problems == {TITLE: "Give the poll a title.", "slot1_date": "Give at least one slot."}


def test_slot_times_are_wall_clock_times_in_the_cohorts_zone_across_a_clock_change() -> None:
    now = datetime(2028, 3, 20, 9, 0, tzinfo=LONDON)
    given = answers(
        slot1_date="2028-03-28", **{DEADLINE_DATE: "2028-03-24", DEADLINE_TIME: "12:00"}
    )
    plan = read_poll(given, now, LONDON)
    assert isinstance(plan, PollPlan)
    assert plan.slots[0].starts_at.astimezone(ZoneInfo("UTC")).hour == 13  # BST: 14:00 - 1


def test_the_form_offers_ten_slots_within_slacks_limits() -> None:
    form = poll_form("Cohort 1")
    ids = {field.id for field in form.inputs}
    assert all(set(slot_ids(n)) <= ids for n in range(1, 11))
    assert len(form.blocks) <= 100
