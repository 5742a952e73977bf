"""The weekly rhythm's messages: nudges, reminders, catch-up plans and the cohort post."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import (
    Actions,
    Block,
    Button,
    Context,
    Heading,
    Item,
    Message,
    Paragraph,
    ProgressBar,
    plain,
)
from bot.core.model import Curriculum, Module
from bot.core.platforms import CommandNames
from bot.core.programme import Week
from bot.core.replies.progress import module_item
from bot.core.replies.questions import ask_button
from bot.core.standing import Standing
from bot.core.timetable import WEEKDAYS, Timetable, WeeklyTime
from bot.core.wording import duration, plural

SNOOZE = "nudge_snooze"
CATCH_UP = "nudge_catch_up"


def nudge_message(name: str, standing: Standing, week: Week, names: CommandNames) -> Message:
    """This week's modules with a button each, the leader's progress and what else to do."""
    to_do = [m for m in week.modules if m.id not in standing.done]
    lead = (
        f"Hello {first_name(name)}. This is week {week.number} of your {standing.pace}: "
        f"{plural(len(to_do), 'module')} to do, about {duration(sum(m.minutes for m in to_do))}."
    )
    if not week.modules:
        lead = f"Hello {first_name(name)}. Nothing new is planned this week: catch up, or rest."
    buttons = [Button("Remind me tomorrow", SNOOZE, str(week.number))]
    if standing.behind_by:
        buttons.append(Button("I'm behind: show me a catch-up plan", CATCH_UP))
    buttons.append(ask_button())
    done, total = len(standing.done), len(standing.curriculum.modules)
    blocks: list[Block] = [
        Heading(f"Week {week.number}: your modules"),
        Paragraph(lead),
        *(module_item(standing, m, with_button=True) for m in week.modules),
        ProgressBar(done, total),
        Actions(tuple(buttons)),
        Context(
            f"Record modules with {names.checkin}. Pause these messages with "
            f"{names.progress} pause 2w."
        ),
    ]
    return Message(f"{lead} You have done {done} of {total} modules.", tuple(blocks))


def well_done_message(name: str, course: str) -> Message:
    text = (
        f"Well done, {first_name(name)}. You have finished {course}. "
        "I will not send you any more weekly reminders."
    )
    return Message(text, (Heading("You have finished the course"), Paragraph(text)))


def behind_message(name: str, standing: Standing, names: CommandNames) -> Message:
    """One friendly line for a leader behind their plan."""
    next_up = standing.to_do[0]
    text = (
        f"Hello {first_name(name)}. "
        f"You are {plural(standing.behind_by, 'module')} behind your plan. "
        f"Next up: {standing.number(next_up)}. {next_up.title} ({next_up.minutes} minutes)."
    )
    return Message(
        text,
        (
            Paragraph(text),
            Actions((Button("Show me a catch-up plan", CATCH_UP),)),
            Context(f"Turn these reminders off with {names.progress} reminders off."),
        ),
    )


def plan_message(standing: Standing, names: CommandNames) -> Message:
    """The plan from this week on: a catch-up plan when behind, else the leader's plan."""
    behind = standing.behind_by > 0
    weeks = standing.catch_up_plan() if behind else standing.plan
    weeks = tuple(w for w in weeks if w.number >= max(standing.week, 1))
    if standing.finished:
        text = "You have finished the course. There is nothing left to plan."
        return plain(text)
    lead = (
        f"Here is a catch-up plan for the {plural(len(standing.to_do), 'module')} you have left."
        if behind
        else "You are on track. Here is your plan."
    )
    blocks: list[Block] = [Heading("Catch-up plan" if behind else "Your plan"), Paragraph(lead)]
    for week in weeks:
        blocks.append(Paragraph(_week_line(standing, week)))
    blocks.append(Context(f"Record modules with {names.checkin}."))
    return Message(f"{lead} " + " ".join(_week_line(standing, w) for w in weeks), tuple(blocks))


def _week_line(standing: Standing, week: Week) -> str:
    if not week.modules:
        return f"Week {week.number}: nothing planned."
    numbers = [standing.number(m) for m in week.modules]
    span = f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]} to {numbers[-1]}"
    minutes = duration(week.minutes)
    return f"Week {week.number}: modules {span} ({minutes})."


def cohort_post(
    cohort_name: str,
    curriculum: Curriculum,
    week: Week,
    on_track: int,
    leaders: int,
) -> Message:
    """The Monday post in the cohort channel: theme, modules, a prompt and progress."""
    units = _units(week.modules)
    theme = " and ".join(units) if units else "catching up"
    prompt = next((p for u in units if (p := curriculum.prompt_for(u))), None)
    verb = "is" if on_track == 1 else "are"
    progress = f"{on_track} of {plural(leaders, 'leader')} {verb} on track."
    blocks: list[Block] = [
        Heading(f"Week {week.number}: {theme}"),
        *(Item(m.title, f"{m.minutes} min", m.link) for m in week.modules),
    ]
    if prompt:
        blocks.append(Paragraph(f"This week's question: {prompt}"))
    blocks.append(Context(progress))
    text = f"{cohort_name}, week {week.number}: {theme}. {progress}"
    return Message(text, tuple(blocks))


def _units(modules: Sequence[Module]) -> list[str]:
    return list(dict.fromkeys(m.unit for m in modules))


def first_name(name: str) -> str:
    """How a message greets someone: their first name."""
    return name.split()[0] if name.strip() else "there"


def outside_hours_message(chosen: WeeklyTime, timetable: Timetable, names: CommandNames) -> Message:
    """A weekly time the bot would not send at: the hours it sends in, and the nearest
    time that works."""
    problem = (
        f"{chosen.describe()} is outside the hours I send messages: "
        f"{timetable.describe_window()}. Choose a day and time in those hours."
    )
    nearest = timetable.nearest_fit(chosen)
    example = f"{names.progress} remind {WEEKDAYS[nearest.weekday]} {nearest.at:%H:%M}"
    return Message(
        f"{problem} For example: {example}",
        (Paragraph(problem), Context(f"For example: {example}")),
    )
