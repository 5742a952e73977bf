from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.preview import calendar_text, closing_lines, programme_calendar
from bot.core.programme import week_of
from bot.core.timetable import Timetable, WeeklyTime, describe_days, occurrence, parse_weekday
from bot.setup_files import load_cohort, load_curriculum
from tests.unit.typed import SLASH

LONDON = ZoneInfo("Europe/London")
TIMETABLE = Timetable(
    nudge=WeeklyTime(0, time(9)),
    reminder=WeeklyTime(3, time(12)),
    digest=WeeklyTime(4, time(15)),
    working_days=frozenset(range(5)),
    day_starts=time(8),
    day_ends=time(18),
    holidays=holidays.country_holidays("GB", subdiv="ENG"),
)


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def test_working_hours_pass_straight_through() -> None:
    assert TIMETABLE.next_allowed(london(2027, 1, 13, 10, 30), LONDON) == london(
        2027, 1, 13, 10, 30
    )


def test_evenings_weekends_and_bank_holidays_wait_for_the_next_working_morning() -> None:
    assert TIMETABLE.next_allowed(london(2027, 1, 13, 18, 0), LONDON) == london(2027, 1, 14, 8)
    assert TIMETABLE.next_allowed(london(2027, 1, 16, 9, 0), LONDON) == london(2027, 1, 18, 8)
    assert TIMETABLE.next_allowed(london(2027, 1, 14, 7, 0), LONDON) == london(2027, 1, 14, 8)
    # Christmas 2026: Friday 25, Monday 28 (Boxing Day substitute) are holidays.
    assert TIMETABLE.next_allowed(london(2026, 12, 24, 19), LONDON) == london(2026, 12, 29, 8)


def test_the_next_working_day_keeps_the_wall_clock_time() -> None:
    friday = london(2027, 1, 15, 9, 30)
    assert TIMETABLE.next_working_day_at(friday, time(9), LONDON) == london(2027, 1, 18, 9)


def test_a_weekly_time_falls_on_its_weekday_in_each_programme_week() -> None:
    start = date(2027, 1, 13)  # a Wednesday start: weeks run Wednesday to Tuesday
    assert occurrence(start, 1, WeeklyTime(0, time(9)), LONDON) == london(2027, 1, 18, 9)
    assert occurrence(start, 1, WeeklyTime(2, time(9)), LONDON) == london(2027, 1, 13, 9)


def test_a_weekly_time_is_wall_clock_across_a_clock_change() -> None:
    before = occurrence(date(2028, 3, 20), 1, WeeklyTime(0, time(9)), LONDON)
    after = occurrence(date(2028, 3, 20), 2, WeeklyTime(0, time(9)), LONDON)
    assert (before.astimezone(UTC).hour, after.astimezone(UTC).hour) == (9, 8)


def test_weekday_names_may_be_shortened() -> None:
    assert [parse_weekday(d) for d in ("monday", "Thu", "fri", "su", "funday")] == [
        0,
        3,
        4,
        None,
        None,
    ]


def test_the_preview_lists_every_send_of_the_programme_in_order() -> None:
    cohort = load_cohort(Path("config/cohort.sample.yml")).cohort
    curriculum = load_curriculum(Path("config/curriculum.sample.yml"))
    entries = programme_calendar(cohort, curriculum, TIMETABLE, 6)
    assert len(entries) == 6 * 3 + 5  # message, post and digest each week; reminders from week 2
    assert entries == sorted(entries, key=lambda e: e.at)
    text = calendar_text(entries, LONDON, "Preview")
    assert "Mon 11 Jan 2027 09:00  Week 1. Weekly message to each leader: modules 1 to 5" in text
    assert "Thu 18 Feb 2027 12:00  Week 6. Reminder to leaders behind their plan" in text


def test_the_preview_shows_the_digest_every_week_of_the_course_and_what_closing_sends() -> None:
    cohort = load_cohort(Path("config/cohort.sample.yml")).cohort
    curriculum = load_curriculum(Path("config/curriculum.sample.yml"))
    entries = programme_calendar(cohort, curriculum, TIMETABLE, 3)
    digests = [e.what for e in entries if "Digest of progress" in e.what]
    assert len(digests) == 6  # the course runs to the longest pace, whatever this one
    assert digests[-1] == (
        "Week 6. Digest of progress to the coordinators' channel: the last one, saying how "
        "to close the cohort (a reflection session after the course adds a digest in the "
        "week it ends)"
    )
    text = calendar_text(entries, LONDON, "Preview", closing_lines(SLASH))
    assert text.endswith(
        "When you close the cohort with /cohort close (you confirm first), in the sending "
        "window:\n"
        "  Closing summary to the cohort channel: what the cohort did together, and what "
        "leaders can still do\n"
        "  Final report to the coordinators' channel: the headline findings and the figures "
        "behind them\n"
        "  Weekly messages, reminders and digests stop. Leaders' personal data is kept for "
        "the retention period, counted from that day."
    )


QUARTER_HOURS = [time(h, m) for h in range(24) for m in (0, 15, 30, 45)]


@settings(max_examples=400, deadline=None)
@given(
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    week=st.integers(1, 6),
    weekday=st.integers(0, 6),
    at=st.sampled_from(QUARTER_HOURS),
)
def test_a_weekly_time_is_sent_within_its_week_and_working_hours(
    start: date, week: int, weekday: int, at: time
) -> None:
    # Any day and time, even one outside working hours chosen before they were refused.
    sent = TIMETABLE.in_week(start, week, WeeklyTime(weekday, at), LONDON)
    assert sent is not None
    assert week_of(start, sent.astimezone(LONDON).date()) == week
    assert TIMETABLE.allows(sent, LONDON)


@pytest.mark.parametrize("weekday", range(5))
@pytest.mark.parametrize("at", [time(8), time(12, 30), time(17, 45)])
def test_an_allowed_time_on_a_working_day_is_sent_exactly_then(weekday: int, at: time) -> None:
    for start in (date(2027, 1, 11) + timedelta(days=n) for n in range(7)):
        when = WeeklyTime(weekday, at)
        assert TIMETABLE.fits(when)
        for week in range(1, 7):
            planned = occurrence(start, week, when, LONDON)
            assert TIMETABLE.in_week(start, week, when, LONDON) == planned


def test_a_bank_holiday_at_the_end_of_a_week_moves_its_message_earlier_in_that_week() -> None:
    # Week 1 runs Monday 22 to Sunday 28 March 2027; Friday 26 is Good Friday.
    friday = WeeklyTime(4, time(17, 45))
    sent = TIMETABLE.in_week(date(2027, 3, 22), 1, friday, LONDON)
    assert sent == london(2027, 3, 25, 17, 45)


def test_an_evening_time_chosen_before_it_was_refused_goes_at_the_days_last_quarter_hour() -> None:
    sent = TIMETABLE.in_week(date(2027, 1, 11), 1, WeeklyTime(4, time(19)), LONDON)
    assert sent == london(2027, 1, 15, 17, 45)


def test_a_week_without_a_working_day_sends_nothing() -> None:
    wednesdays_only = replace(TIMETABLE, working_days=frozenset({2}))
    # Christmas Day 2024 was a Wednesday: the week from Thursday 19 December has no other.
    assert wednesdays_only.in_week(date(2024, 12, 19), 1, WeeklyTime(2, time(9)), LONDON) is None


def test_the_sending_window_is_described_as_people_choose_times() -> None:
    assert TIMETABLE.describe_window() == "Monday to Friday, from 08:00 to 17:45"
    assert TIMETABLE.fits(WeeklyTime(4, time(17, 45)))
    assert not TIMETABLE.fits(WeeklyTime(4, time(18)))
    assert not TIMETABLE.fits(WeeklyTime(5, time(10)))
    assert not TIMETABLE.fits(WeeklyTime(0, time(7, 45)))
    assert describe_days(frozenset({0, 3})) == "Monday and Thursday"
    assert describe_days(frozenset({0, 1, 3})) == "Monday, Tuesday and Thursday"
