"""Leaders record modules and see where they stand."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Set
from dataclasses import dataclass, replace

from bot.core.messages import Answers, Form, Message, plain
from bot.core.model import Actor, Completion, Curriculum, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.replies.checkin_form import checkin_form, form_saved_message, module_groups
from bot.core.replies.home import home_message, welcome_home_message
from bot.core.replies.progress import (
    checked_in_message,
    progress_message,
    undone_message,
)
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.services.joining import recruiting_cohort
from bot.core.services.outsiders import not_a_leader
from bot.core.services.reflection import ReflectionService, offer_reflection
from bot.core.standing import Standing, standing


@dataclass(frozen=True)
class ProgressService:
    ctx: ServiceContext

    async def check_in(self, actor: Actor, numbers: tuple[int, ...], source: str) -> Message:
        """Record modules as done, by their numbers, and show progress."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return await not_a_leader(uow, actor)
            recorded: list[int] = []
            already: list[int] = []
            for number in numbers:
                module = self.ctx.curriculum.modules[number - 1]
                completion = Completion(_id(member), module.id, source, self.ctx.clock.now())
                (recorded if await uow.completions.add(completion) else already).append(number)
            now = await self._standing(uow, member)
            newly = {self.ctx.curriculum.modules[n - 1].id for n in recorded}
            offered = await offer_reflection(self.ctx, uow, member, now, newly)
            await uow.commit()
        if offered:
            self.ctx.wake_outbox()
        return checked_in_message(now, recorded, already, self.ctx.names_for(actor.platform))

    async def undo(self, actor: Actor, numbers: tuple[int, ...]) -> Message:
        """Mark modules as not done after all."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return await not_a_leader(uow, actor)
            removed: list[int] = []
            missing: list[int] = []
            for number in numbers:
                module = self.ctx.curriculum.modules[number - 1]
                gone = await uow.completions.remove(_id(member), module.id)
                (removed if gone else missing).append(number)
            await uow.commit()
            now = await self._standing(uow, member)
        return undone_message(now, removed, missing, self.ctx.names_for(actor.platform))

    async def set_module(self, actor: Actor, module_id: str, done: bool, source: str) -> Message:
        """Tick or untick one module by its id, as a button does."""
        try:
            number = self.ctx.curriculum.number_of(module_id)
        except StopIteration:
            text = "That module is no longer in the course. Refresh and try again."
            return plain(text)
        if done:
            return await self.check_in(actor, (number,), source)
        return await self.undo(actor, (number,))

    async def progress(self, actor: Actor) -> Message:
        """The leader's own progress."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return await not_a_leader(uow, actor)
            now = await self._standing(uow, member)
        return progress_message(now, self.ctx.names_for(actor.platform))

    async def home(self, actor: Actor) -> Message:
        """The leader's home page, with every module and a button for each."""
        title = self.ctx.curriculum.title
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return welcome_home_message(title, await recruiting_cohort(uow, ""))
            now = await self._standing(uow, member)
        return home_message(now, title, self.ctx.names_for(actor.platform))

    async def show_home(
        self, actor: Actor, event_id: str, show: Callable[[Message], Awaitable[None]]
    ) -> None:
        """Show the home page once per event. The showing is the platform's, outside the
        database, so the event is recorded after it: if showing fails, the platform's
        retry shows it again (showing it twice is harmless)."""
        async with self.ctx.uow() as uow:
            if await uow.processed_events.seen(event_id):
                return
        await show(await self.home(actor))
        async with self.ctx.uow() as uow:
            await uow.processed_events.record(event_id, self.ctx.clock.now())
            await uow.commit()

    async def checkin_form(self, actor: Actor) -> Form | Message:
        """Every module with a tick box, the done ones ticked."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                return await not_a_leader(uow, actor)
            now = await self._standing(uow, member)
        return checkin_form(now, self.ctx.names_for(actor.platform))

    async def save_checkin_form(self, actor: Actor, answers: Answers, submission_id: str) -> None:
        """Record what was ticked and unticked in the form, once per submission; reply by DM."""
        async with self.ctx.uow() as uow:
            member = await membership(uow, actor, Role.LEADER)
            if member is None:
                await _direct_message(uow, actor, submission_id, await not_a_leader(uow, actor))
            elif not await self._record_form(uow, actor, member, answers, submission_id):
                return  # the same submission again: it was recorded the first time
            await uow.commit()
        self.ctx.wake_outbox()

    async def reflection_form(self, actor: Actor, reflection_id: str) -> Form | Message:
        """The form to answer a week's reflection question."""
        return await ReflectionService(self.ctx).form(actor, reflection_id)

    async def save_reflection(
        self, actor: Actor, reflection_id: str, answers: Answers, submission_id: str
    ) -> None:
        """Keep a leader's reflection, and share it with the cohort if they chose to."""
        await ReflectionService(self.ctx).save(actor, reflection_id, answers, submission_id)

    async def _record_form(
        self,
        uow: UnitOfWork,
        actor: Actor,
        member: Membership,
        answers: Answers,
        submission_id: str,
    ) -> bool:
        """Queue the reply first, so a repeat stops here; then record and maybe offer."""
        before = await self._standing(uow, member)
        ticked, shown = _form_choices(self.ctx.curriculum, answers)
        added, removed = ticked - before.done, (shown - ticked) & before.done
        now = replace(before, done=(before.done | added) - removed)
        number = self.ctx.curriculum.number_of
        recorded, undone = sorted(map(number, added)), sorted(map(number, removed))
        reply = form_saved_message(now, recorded, undone, self.ctx.names_for(actor.platform))
        if not await _direct_message(uow, actor, submission_id, reply):
            return False
        await self._apply(uow, member, added, removed)
        await offer_reflection(self.ctx, uow, member, now, added)
        return True

    async def _apply(
        self, uow: UnitOfWork, member: Membership, added: Set[str], removed: Set[str]
    ) -> None:
        now = self.ctx.clock.now()
        for module_id in added:
            await uow.completions.add(Completion(_id(member), module_id, "form", now))
        for module_id in removed:
            await uow.completions.remove(_id(member), module_id)

    async def _standing(self, uow: UnitOfWork, member: Membership) -> Standing:
        done = frozenset(c.module_id for c in await uow.completions.for_enrolment(_id(member)))
        today = self.ctx.today(member.cohort)
        return standing(self.ctx.curriculum, member.cohort, member.enrolment, done, today)


def _form_choices(curriculum: Curriculum, answers: Answers) -> tuple[set[str], set[str]]:
    """The module ids ticked in the form, and every module id the form showed."""
    ticked: set[str] = set()
    shown: set[str] = set()
    for group in module_groups(curriculum):
        if group.id in answers:
            ids = {m.id for m in group.modules}
            shown |= ids
            ticked |= ids & set(answers[group.id])
    return ticked, shown


async def _direct_message(
    uow: UnitOfWork, actor: Actor, submission_id: str, message: Message
) -> bool:
    """Queue the reply to a form; False if this submission was answered before."""
    key = f"checkin-form:{submission_id}"
    return await uow.deliveries.enqueue(Delivery(key, Outgoing(message, actor.address)))


def _id(member: Membership) -> int:
    assert member.enrolment.id is not None, "stored enrolments have ids"
    return member.enrolment.id
