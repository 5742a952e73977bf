"""Messages about a leader's own progress."""

from __future__ import annotations

from bot.core.join_form import JOIN
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
from bot.core.model import Cohort, Module
from bot.core.platforms import CommandNames
from bot.core.standing import Standing
from bot.core.wording import day, duration, numbers, plural

MARK_DONE = "module_done"
UNDO_DONE = "module_undo"


def progress_message(standing: Standing, names: CommandNames) -> Message:
    """A leader's progress: the bar, what is left and this week's plan."""
    done, total = len(standing.done), len(standing.curriculum.modules)
    blocks: list[Block] = [
        Heading("Your progress"),
        ProgressBar(done, total),
        Paragraph(_summary(standing)),
        *_this_week(standing),
    ]
    if not standing.finished:
        blocks.append(Context(f"Record a module with {names.checkin} and its number."))
    return Message(f"You have done {done} of {total} modules. {_summary(standing)}", tuple(blocks))


def _summary(standing: Standing) -> str:
    if standing.finished:
        return "You have finished the course. Well done."
    left = f"About {duration(standing.minutes_left)} of the course is left."
    if standing.week == 0:
        starts = f"The course starts on {day(standing.start)}."
        return f"{left} {starts} Your pace is {standing.pace} weeks."
    if standing.week > standing.pace:
        return f"{left} Your {standing.pace} planned weeks are over: finish when you can."
    return f"{left} This is week {standing.week} of {standing.pace}."


def _this_week(standing: Standing) -> list[Block]:
    week = standing.plan[0] if standing.week == 0 else standing.this_week
    if week is None or standing.finished:
        return []
    title = "Your first week" if standing.week == 0 else "This week's plan"
    if not week.modules:
        return [Heading(title), Paragraph("Nothing is planned this week. Catch up or rest.")]
    return [Heading(title), *(module_item(standing, m) for m in week.modules)]


def module_item(standing: Standing, module: Module, *, with_button: bool = False) -> Item:
    is_done = module.id in standing.done
    button = None
    if with_button:
        button = (
            Button("Undo", UNDO_DONE, module.id)
            if is_done
            else Button("Mark done", MARK_DONE, module.id, "primary")
        )
    return Item(
        text=f"{standing.number(module)}. {module.title}",
        detail=f"{module.minutes} min · {'Done' if is_done else 'To do'}",
        url=module.link,
        button=button,
    )


def checked_in_message(
    standing: Standing, recorded: list[int], already: list[int], names: CommandNames
) -> Message:
    """The reply to a check-in: what changed, then progress."""
    lines = []
    if recorded:
        lines.append(f"Done: {_modules(recorded)}. Good work.")
    if already:
        lines.append(f"You had already recorded {_modules(already)}.")
    return _with_progress(" ".join(lines), standing, names)


def undone_message(
    standing: Standing, removed: list[int], missing: list[int], names: CommandNames
) -> Message:
    lines = []
    if removed:
        verb = "is" if len(removed) == 1 else "are"
        lines.append(f"{_modules(removed).capitalize()} {verb} now marked as not done.")
    if missing:
        verb = "was" if len(missing) == 1 else "were"
        lines.append(f"{_modules(missing).capitalize()} {verb} not recorded as done.")
    return _with_progress(" ".join(lines), standing, names)


def _with_progress(lead: str, standing: Standing, names: CommandNames) -> Message:
    progress = progress_message(standing, names)
    return Message(f"{lead} {progress.text}", (Paragraph(lead), *progress.blocks[1:]))


def _modules(values: list[int]) -> str:
    return f"{plural(len(values), 'module').split(' ', 1)[1]} {numbers(values)}"


def not_enrolled_message(cohort: Cohort | None) -> Message:
    """For someone who is not a leader: the Join button of the cohort taking sign-ups."""
    lead = "You are not enrolled in a cohort yet."
    if cohort is None or cohort.id is None:
        return plain(f"{lead} Your coordinator can add you.")
    text = f"{lead} Press Join the cohort to sign up for {cohort.name}."
    join = Button("Join the cohort", JOIN, str(cohort.id), "primary")
    return Message(text, (Paragraph(text), Actions((join,))))
