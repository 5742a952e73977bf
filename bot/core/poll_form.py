"""The form a coordinator fills in to start a slot poll, and the checks on what they gave."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.messages import (
    Answers,
    Checkboxes,
    Choice,
    Context,
    DateInput,
    Divider,
    Form,
    Input,
    Paragraph,
    Select,
    TextInput,
    TimeInput,
)
from bot.core.polls import FORMATS, LENGTHS, MAX_SLOTS, PollPlan, SlotPlan
from bot.core.replies.polls import moment

POLL_FORM = "poll_form"
TITLE, FORMAT, CAPACITY, OPTIONS, HIDE_COUNTS = "title", "formats", "capacity", "options", "hide"
DEADLINE_DATE, DEADLINE_TIME = "deadline_date", "deadline_time"
MAX_CAPACITY = 1000


def slot_ids(n: int) -> tuple[str, str, str]:
    """The ids of slot n's date, start time and length inputs."""
    return f"slot{n}_date", f"slot{n}_time", f"slot{n}_length"


def poll_form(cohort_name: str) -> Form:
    """A title, up to ten slots, a format question, a deadline and a session size."""
    lengths = tuple(Choice(str(m), f"{m} minutes") for m in LENGTHS)
    slots: list[Input] = []
    for n in range(1, MAX_SLOTS + 1):
        date_id, time_id, length_id = slot_ids(n)
        optional = n > 1
        slots += [
            DateInput(date_id, f"Slot {n}: date", optional=optional),
            TimeInput(time_id, f"Slot {n}: start time", optional=optional),
            Select(length_id, f"Slot {n}: length", lengths, chosen="60", optional=optional),
        ]
    return Form(
        title="Reflection session poll",
        callback=POLL_FORM,
        submit="Start the poll",
        blocks=(
            Paragraph(
                f"Leaders in {cohort_name} will be asked which times they can make. "
                "Fill in as many slots as you like, up to ten."
            ),
            TextInput(TITLE, "Title", max_length=150, placeholder="Reflection session"),
            Divider(),
            *slots,
            Divider(),
            Checkboxes(
                FORMAT,
                "Ask which format leaders prefer (tick the options to offer)",
                tuple(Choice(f, f) for f in FORMATS),
            ),
            DateInput(DEADLINE_DATE, "Votes close on"),
            TimeInput(DEADLINE_TIME, "Votes close at"),
            TextInput(
                CAPACITY,
                "The most people one session can take (leave empty for no limit)",
                max_length=4,
                optional=True,
            ),
            Checkboxes(
                OPTIONS,
                "Counts",
                (Choice(HIDE_COUNTS, "Hide the counts until the poll closes"),),
            ),
            Context("Times are in the cohort's time zone."),
        ),
        text="A coordinator starts a poll by filling in this form.",
    )


def read_poll(answers: Answers, now: datetime, zone: ZoneInfo) -> PollPlan | dict[str, str]:
    """The poll as filled in, or what is wrong with it by input id."""
    problems: dict[str, str] = {}
    title = first_answer(answers, TITLE).strip()
    if not title:
        problems[TITLE] = "Give the poll a title."
    slots = _slots(answers, now, zone, problems)
    deadline = _deadline(answers, zone, problems)
    if deadline is not None and deadline <= now:
        problems[DEADLINE_DATE] = "The deadline has passed. Choose a later one."
    elif deadline is not None and slots and deadline > slots[0].starts_at:
        first = moment(slots[0].starts_at, zone)
        problems[DEADLINE_DATE] = f"Close the votes before the first slot ({first})."
    capacity = _capacity(first_answer(answers, CAPACITY), problems)
    if problems or deadline is None:
        return problems
    return PollPlan(
        title=title,
        slots=tuple(slots),
        deadline=deadline,
        formats=tuple(f for f in FORMATS if f in answers.get(FORMAT, ())),
        capacity=capacity,
        hide_counts=HIDE_COUNTS in answers.get(OPTIONS, ()),
    )


def _slots(
    answers: Answers, now: datetime, zone: ZoneInfo, problems: dict[str, str]
) -> list[SlotPlan]:
    """The filled-in slots, earliest first; problems with any of them go in `problems`."""
    found: dict[tuple[datetime, int], int] = {}
    for n in range(1, MAX_SLOTS + 1):
        date_id, time_id, length_id = slot_ids(n)
        given_date, given_time = first_answer(answers, date_id), first_answer(answers, time_id)
        if not given_date and not given_time:
            continue
        if not given_date or not given_time:
            missing = date_id if not given_date else time_id
            problems[missing] = f"Give slot {n} both a date and a start time."
            continue
        starts = local_moment(given_date, given_time, zone)
        if starts is None:
            problems[date_id] = f"Slot {n}'s date or time is not one I can read."
            continue
        length = int(first_answer(answers, length_id) or 60)
        if length not in LENGTHS:
            problems[length_id] = "Choose one of the lengths offered."
        elif starts <= now:
            problems[date_id] = f"Slot {n} is in the past. Choose a later time."
        elif (starts, length) in found:
            problems[date_id] = f"Slot {n} is the same as slot {found[(starts, length)]}."
        else:
            found[(starts, length)] = n
    if not found and not any(k.startswith("slot") for k in problems):
        problems[slot_ids(1)[0]] = "Give at least one slot."
    return [SlotPlan(starts, length) for starts, length in sorted(found)]


def _deadline(answers: Answers, zone: ZoneInfo, problems: dict[str, str]) -> datetime | None:
    given_date, given_time = (
        first_answer(answers, DEADLINE_DATE),
        first_answer(answers, DEADLINE_TIME),
    )
    if not given_date or not given_time:
        problems[DEADLINE_DATE if not given_date else DEADLINE_TIME] = "Say when votes close."
        return None
    deadline = local_moment(given_date, given_time, zone)
    if deadline is None:
        problems[DEADLINE_DATE] = "That deadline is not one I can read."
    return deadline


def _capacity(text: str, problems: dict[str, str]) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_CAPACITY:
        problems[CAPACITY] = f"Give a whole number from 1 to {MAX_CAPACITY:,}, or leave it empty."
        return None
    return int(text)


def local_moment(given_date: str, given_time: str, zone: ZoneInfo) -> datetime | None:
    """A date and time as a form gives them (YYYY-MM-DD, HH:MM), as an aware datetime in
    the cohort's zone; None if they cannot be read."""
    try:
        return datetime.combine(
            date.fromisoformat(given_date), time.fromisoformat(given_time), zone
        )
    except ValueError:
        return None


def first_answer(answers: Answers, key: str) -> str:
    """The first value given for an input, or an empty string."""
    return next(iter(answers.get(key, ())), "")
