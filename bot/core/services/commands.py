"""Run a typed command: the one path from command text to a reply."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands import (
    CheckIn,
    CommandError,
    EnrolLeader,
    ShowCohortStatus,
    ShowHelp,
    ShowProgress,
    UndoCheckIn,
    help_text,
    parse,
)
from bot.core.messages import Context, Message, Paragraph
from bot.core.model import Actor
from bot.core.services.enrolment import EnrolmentService
from bot.core.services.progress import ProgressService


@dataclass(frozen=True)
class CommandRunner:
    progress: ProgressService
    enrolment: EnrolmentService

    async def run(self, actor: Actor, command: str, text: str, source: str) -> Message:
        """Parse `text` for `command` and answer it; never raises on bad input."""
        ctx = self.progress.ctx
        parsed = parse(command, text, len(ctx.curriculum.modules), ctx.names)
        match parsed:
            case CommandError():
                return Message(
                    parsed.text,
                    (Paragraph(parsed.problem), Context(f"For example: {parsed.example}")),
                )
            case ShowHelp(command=topic):
                body = help_text(topic, ctx.names)
                return Message(body, (Paragraph(body),))
            case CheckIn(modules=modules):
                return await self.progress.check_in(actor, modules, source)
            case UndoCheckIn(modules=modules):
                return await self.progress.undo(actor, modules)
            case ShowProgress():
                return await self.progress.progress(actor)
            case ShowCohortStatus():
                return await self.enrolment.status(actor, parsed)
            case EnrolLeader():
                return await self.enrolment.enrol(actor, parsed)
