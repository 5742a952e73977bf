"""Leaders record modules and see where they stand."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Message, Paragraph
from bot.core.model import Actor, Completion, Role
from bot.core.ports import UnitOfWork
from bot.core.replies.home import home_message, welcome_home_message
from bot.core.replies.progress import (
    checked_in_message,
    not_enrolled_message,
    progress_message,
    undone_message,
)
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.standing import Standing, standing


@dataclass(frozen=True)
class ProgressService:
    ctx: ServiceContext

    async def check_in(self, actor: Actor, numbers: tuple[int, ...], source: str) -> Message:
        """Record modules as done, by their numbers, and show progress."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return not_enrolled_message()
            recorded: list[int] = []
            already: list[int] = []
            for number in numbers:
                module = self.ctx.curriculum.modules[number - 1]
                completion = Completion(_id(member), module.id, source, self.ctx.clock.now())
                (recorded if await uow.completions.add(completion) else already).append(number)
            await uow.commit()
            now = await self._standing(uow, member)
        return checked_in_message(now, recorded, already, self.ctx.names)

    async def undo(self, actor: Actor, numbers: tuple[int, ...]) -> Message:
        """Mark modules as not done after all."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return not_enrolled_message()
            removed: list[int] = []
            missing: list[int] = []
            for number in numbers:
                module = self.ctx.curriculum.modules[number - 1]
                gone = await uow.completions.remove(_id(member), module.id)
                (removed if gone else missing).append(number)
            await uow.commit()
            now = await self._standing(uow, member)
        return undone_message(now, removed, missing, self.ctx.names)

    async def set_module(self, actor: Actor, module_id: str, done: bool, source: str) -> Message:
        """Tick or untick one module by its id, as a button does."""
        try:
            number = self.ctx.curriculum.number_of(module_id)
        except StopIteration:
            text = "That module is no longer in the course. Refresh and try again."
            return Message(text, (Paragraph(text),))
        if done:
            return await self.check_in(actor, (number,), source)
        return await self.undo(actor, (number,))

    async def progress(self, actor: Actor) -> Message:
        """The leader's own progress."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return not_enrolled_message()
            now = await self._standing(uow, member)
        return progress_message(now, self.ctx.names)

    async def home(self, actor: Actor) -> Message:
        """The leader's home page, with every module and a button for each."""
        title = self.ctx.curriculum.title
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return welcome_home_message(title)
            now = await self._standing(uow, member)
        return home_message(now, title, self.ctx.names)

    async def _standing(self, uow: UnitOfWork, member: Membership) -> Standing:
        done = frozenset(c.module_id for c in await uow.completions.for_enrolment(_id(member)))
        today = self.ctx.today(member.cohort)
        return standing(self.ctx.curriculum, member.cohort, member.enrolment, done, today)


def _id(member: Membership) -> int:
    assert member.enrolment.id is not None, "stored enrolments have ids"
    return member.enrolment.id
