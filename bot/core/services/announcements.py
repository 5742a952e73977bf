"""A coordinator's announcement to the cohort channel and, if they choose, to every leader:
written in a form, checked (whom it reaches, when it goes), then sent once through the
outbox, in the sending window."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.announcements import Announcement, AnnouncementStatus
from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, AuditEntry, ChannelKind, Delivery, Role
from bot.core.outgoing import Outgoing
from bot.core.ports import UnitOfWork
from bot.core.replies.announcements import (
    AUDIENCE,
    EMPTY_ANNOUNCEMENT,
    EVERYONE,
    MESSAGE,
    announce_form,
    announcement_message,
    check_message,
    decided_message,
    dropped_message,
    no_channel_message,
    sent_message,
    unknown_announcement_message,
)
from bot.core.services.context import Membership, ServiceContext, coordinator_of
from bot.core.services.reach import unreached_members
from bot.core.services.sending_window import next_window

ANNOUNCE = "announce"  # the audit log's action, and the outbox keys' first word


@dataclass(frozen=True)
class Announcements:
    ctx: ServiceContext

    async def form(self, actor: Actor, text: str) -> Form | Message:
        """The form, with what was typed after the command as the start of the text."""
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort = coordinator.cohort
            assert cohort.id is not None
            if cohort.channel(ChannelKind.COHORT) is None:
                return no_channel_message(cohort)
            leaders = len(await uow.enrolments.members(cohort.id, Role.LEADER))
        return announce_form(text, leaders)

    def problems(self, answers: Answers) -> dict[str, str]:
        return {} if _text(answers) else {MESSAGE: EMPTY_ANNOUNCEMENT}

    async def draft(self, actor: Actor, answers: Answers, submission: str) -> Message | None:
        """Keep the announcement as a draft and show it to its author to check, with whom it
        reaches and when it goes; None when this form was handled before."""
        text = _text(answers)
        async with self.ctx.uow() as uow:
            coordinator = await coordinator_of(self.ctx, uow, actor)
            if isinstance(coordinator, Message):
                return coordinator
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            assert cohort.id is not None
            seen = not await uow.processed_events.record(f"{ANNOUNCE}-form:{submission}", now)
            if not text or seen:
                return None
            to_leaders = answers.get(AUDIENCE, ()) == (EVERYONE,)
            draft = await uow.announcements.add(Announcement(cohort.id, text, to_leaders, now))
            leaders = len(await uow.enrolments.members(cohort.id, Role.LEADER))
            # Where the platform writes only to people who have the app, say how
            # many leaders a direct message cannot reach yet.
            unreached = await unreached_members(self.ctx, uow, cohort) if to_leaders else None
            await uow.commit()
        people = unreached.people if unreached else ()
        not_reached = sum(1 for p in people if p.role is Role.LEADER)
        return check_message(draft, leaders, not_reached, next_window(self.ctx, cohort)[1])

    async def send(self, actor: Actor, value: str) -> Message:
        """Queue the announcement for the channel (and each leader), once."""
        async with self.ctx.uow() as uow:
            found = await self._find(uow, actor, value)
            if isinstance(found, Message):
                return found
            coordinator, announcement = found
            cohort, now = coordinator.cohort, self.ctx.clock.now()
            assert announcement.id is not None and cohort.id is not None
            if not await uow.announcements.decide(announcement.id, AnnouncementStatus.SENT, now):
                decided = await uow.announcements.get(announcement.id)
                return decided_message(decided or announcement, cohort)
            message = announcement_message(
                announcement.text, coordinator.person.display_name, cohort
            )
            when, goes = next_window(self.ctx, cohort)
            key = f"{ANNOUNCE}:{announcement.id}"
            channel = cohort.channel(ChannelKind.COHORT)
            assert channel is not None  # the form is refused without one
            await uow.deliveries.enqueue(
                Delivery(f"{key}:channel", Outgoing(message, channel), not_before=when)
            )
            leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
            if announcement.to_leaders:
                for leader in leaders:
                    await uow.deliveries.enqueue(
                        Delivery(
                            f"{key}:{leader.person.id}",
                            Outgoing(message, leader.person.address),
                            not_before=when,
                        )
                    )
            reached = len(leaders) if announcement.to_leaders else 0
            await uow.audit.add(
                AuditEntry(
                    coordinator.person.id,
                    ANNOUNCE,
                    {"announcement": announcement.id, "leaders": reached},
                    cohort.id,
                ),
                now,
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return sent_message(announcement, len(leaders), goes)

    async def drop(self, actor: Actor, value: str) -> Message:
        """Do not send the draft; a press after it was sent says so."""
        async with self.ctx.uow() as uow:
            found = await self._find(uow, actor, value)
            if isinstance(found, Message):
                return found
            coordinator, announcement = found
            assert announcement.id is not None
            now = self.ctx.clock.now()
            status = AnnouncementStatus.DROPPED
            if not await uow.announcements.decide(announcement.id, status, now):
                decided = await uow.announcements.get(announcement.id)
                return decided_message(decided or announcement, coordinator.cohort)
            await uow.commit()
        return dropped_message(self.ctx.names_for(actor.platform))

    async def _find(
        self, uow: UnitOfWork, actor: Actor, value: str
    ) -> tuple[Membership, Announcement] | Message:
        """The coordinator and the draft the button names, or why not."""
        coordinator = await coordinator_of(self.ctx, uow, actor)
        if isinstance(coordinator, Message):
            return coordinator
        found = await uow.announcements.get(int(value)) if value.isdigit() else None
        if found is None or found.cohort_id != coordinator.cohort.id:
            return unknown_announcement_message(self.ctx.names_for(actor.platform))
        return coordinator, found


def _text(answers: Answers) -> str:
    return "\n".join(answers.get(MESSAGE, ())).strip()
