"""The leader's home page: progress and every module with a button."""

from __future__ import annotations

from bot.core.messages import Block, Context, Divider, Heading, Message, Paragraph
from bot.core.model import Cohort
from bot.core.platforms import CommandNames
from bot.core.replies.progress import module_item, not_enrolled_message, progress_message
from bot.core.standing import Standing

# Past this many modules a home page is too long to find one's place in, so it lists
# only what is left to do.
MAX_LISTED_MODULES = 60


def home_message(standing: Standing, course_title: str, names: CommandNames) -> Message:
    """Progress on top, then the course unit by unit with a button per module."""
    progress = progress_message(standing, names)
    blocks: list[Block] = [Heading(course_title), *progress.blocks[1:], Divider()]
    modules = standing.curriculum.modules
    if len(modules) > MAX_LISTED_MODULES:
        modules = tuple(m for m in modules if m.id not in standing.done)[:MAX_LISTED_MODULES]
        blocks.append(Paragraph("Modules still to do:"))
    unit = None
    for module in modules:
        if module.unit != unit:
            unit = module.unit
            blocks.append(Heading(unit))
        blocks.append(module_item(standing, module, with_button=True))
    return Message(f"{course_title}. {progress.text}", tuple(blocks))


def welcome_home_message(course_title: str, cohort: Cohort | None) -> Message:
    """The home page of someone not enrolled, with the Join button of the cohort taking
    sign-ups, if there is one."""
    joining = not_enrolled_message(cohort)
    text = f"Welcome to {course_title}. {joining.text} Then your progress shows here."
    return Message(
        text, (Heading(course_title), *joining.blocks, Context("Then your progress shows here."))
    )
