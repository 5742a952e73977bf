"""The check-in form: every module with a tick box, grouped by unit, and the answer to it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from bot.core.messages import Checkboxes, Choice, Form, Message, Paragraph
from bot.core.model import Curriculum, Module
from bot.core.platforms import CommandNames
from bot.core.replies.progress import progress_message
from bot.core.standing import Standing
from bot.core.wording import numbers

CHECKIN_FORM = "checkin_form"
# Tick boxes per group: a longer list is hard to scan for the modules just done.
GROUP_SIZE = 10


@dataclass(frozen=True)
class ModuleGroup:
    id: str
    label: str
    modules: tuple[Module, ...]


def module_groups(curriculum: Curriculum) -> tuple[ModuleGroup, ...]:
    """The units in course order, each cut into groups of at most GROUP_SIZE modules."""
    groups: list[ModuleGroup] = []
    units = groupby(curriculum.modules, key=lambda m: m.unit)
    for u, (title, in_unit) in enumerate(units, 1):
        modules = tuple(in_unit)
        parts = [modules[i : i + GROUP_SIZE] for i in range(0, len(modules), GROUP_SIZE)]
        for p, part in enumerate(parts, 1):
            label = title or f"Unit {u}"
            if len(parts) > 1:
                label = f"{label} (part {p} of {len(parts)})"
            groups.append(ModuleGroup(f"unit-{u}-{p}", label, part))
    return tuple(groups)


def checkin_form(standing: Standing, names: CommandNames) -> Form:
    """Every module, the done ones ticked."""
    boxes = tuple(
        Checkboxes(
            group.id,
            group.label,
            tuple(Choice(m.id, f"{standing.number(m)}. {m.title}") for m in group.modules),
            tuple(m.id for m in group.modules if m.id in standing.done),
        )
        for group in module_groups(standing.curriculum)
    )
    intro = Paragraph("Tick each module you have done. Untick a module to mark it as not done.")
    text = (
        f"Record modules with {names.checkin} and their numbers, for example "
        f"{names.checkin} 1-3. Mark one as not done with {names.checkin} undo 3."
    )
    return Form("Your modules", CHECKIN_FORM, "Save", (intro, *boxes), text)


def form_saved_message(
    standing: Standing, recorded: list[int], removed: list[int], names: CommandNames
) -> Message:
    """The answer to a saved form: what changed, then progress."""
    lines = []
    if recorded:
        lines.append(f"Done: {_modules(recorded)}. Good work.")
    if removed:
        verb = "is" if len(removed) == 1 else "are"
        lines.append(f"{_modules(removed).capitalize()} {verb} now marked as not done.")
    lead = " ".join(lines) or "You did not change anything."
    progress = progress_message(standing, names)
    return Message(f"{lead} {progress.text}", (Paragraph(lead), *progress.blocks[1:]))


def _modules(values: list[int]) -> str:
    return f"{'module' if len(values) == 1 else 'modules'} {numbers(values)}"
