"""Carry what is written in a question's thread to the other side, edits included.

The moderators' replies go to the asker's thread with the moderator's name; the asker's
go to the moderators' thread, as "Asker" when they asked anonymously. Each reply is
kept once, by the platform's reference to it, so a retried event carries nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from bot.core.messages import Message, plain
from bot.core.model import Actor, Person
from bot.core.outgoing import Outgoing
from bot.core.personal_data import is_forgotten
from bot.core.ports import UnitOfWork
from bot.core.questions import Post, Question, QuestionStatus, Side, is_internal
from bot.core.replies.data_rights import asker_gone_message
from bot.core.replies.questions import ASKER, to_asker_message, to_moderators_message
from bot.core.services.context import ServiceContext
from bot.core.services.question_threads import (
    ASKED,
    CARD,
    QuestionThreads,
    enqueue_to,
    in_card_thread,
    is_asker,
    moderators,
    named,
)


class Relayed(StrEnum):
    CARRIED = "carried"
    KEPT_INTERNAL = "kept-internal"
    ALREADY_SEEN = "already-seen"
    NOT_A_QUESTION = "not-a-question"  # the thread is not about a question
    ASKER_GONE = "asker-gone"  # the asker deleted their data: nobody to carry it to


@dataclass(frozen=True)
class RelayService:
    ctx: ServiceContext
    threads: QuestionThreads

    async def relay(
        self, actor: Actor, thread: str, text: str, source: str, event_id: str
    ) -> Relayed:
        """Carry a reply written in a question's thread to the other side, once per event.

        `thread` is the platform's reference to the message the thread hangs from and
        `source` its reference to the reply itself.
        """
        async with self.ctx.uow() as uow:
            if not await uow.processed_events.record(event_id, self.ctx.clock.now()):
                return Relayed.ALREADY_SEEN
            found = await self.threads.thread_of(uow, actor.platform, thread)
            if found is None:
                return Relayed.NOT_A_QUESTION
            question, side = found
            if side is Side.ASKER and not await is_asker(uow, actor, question):
                return Relayed.NOT_A_QUESTION
            relayed = await self._keep(uow, actor, question, side, text, source)
            if relayed is Relayed.ASKER_GONE:
                await self._say_asker_gone(uow, question, source)
        self.ctx.wake_outbox()
        return relayed

    async def reply_to(self, actor: Actor, reference: str, text: str, source: str) -> Message:
        """Reply to a question named by its reference, for platforms without threads.

        The asker writes on their side; anyone else must be a moderator.
        """
        async with self.ctx.uow() as uow:
            question = await named(uow, reference)
            cohort = await uow.cohorts.get(question.cohort_id) if question else None
            if question is None or cohort is None or question.status is QuestionStatus.DRAFT:
                return plain(f"There is no question {reference}.")
            if await is_asker(uow, actor, question):
                side, root = Side.ASKER, ASKED.format(id=question.id)
                sent = "Sent to the moderators."
            elif await self.threads.is_moderator(uow, actor, cohort):
                side, root = Side.MODERATORS, CARD.format(id=question.id)
                sent = f"Sent in the thread of {question.reference}."
            else:
                return plain("Only the asker and the moderators can reply to a question.")
            thread = await uow.deliveries.get(root)
            if thread is None or thread.platform_ref is None:
                return plain(f"{question.reference} is not posted yet. Try again in a minute.")
            relayed = await self._keep(uow, actor, question, side, text, source)
        self.ctx.wake_outbox()
        if relayed is Relayed.KEPT_INTERNAL:
            return plain("Kept among the moderators.")
        if relayed is Relayed.ASKER_GONE:
            return asker_gone_message(question.reference)
        return plain(sent)

    async def edit(self, actor: Actor, source: str, text: str, edit_id: str, event_id: str) -> None:
        """Carry an edit of a relayed reply as an edit of the copy, once per event."""
        async with self.ctx.uow() as uow:
            if not await uow.processed_events.record(event_id, self.ctx.clock.now()):
                return
            post = await uow.questions.post_from(source)
            author = await uow.people.find(actor.platform, actor.user_id)
            if post is None or post.internal or author is None or author.id != post.author_id:
                return
            question = await uow.questions.get(post.question_id)
            if question is None or await _unreachable(uow, question, post.side, post.internal):
                return  # an edit could bring back a name that forget-me took out
            post.text = text
            await uow.questions.update_post(post)
            await self._carry(uow, question, post, author, edit_id)
            await uow.commit()
        self.ctx.wake_outbox()

    async def _keep(
        self, uow: UnitOfWork, actor: Actor, question: Question, side: Side, text: str, source: str
    ) -> Relayed:
        """Keep a reply written on `side` and carry it over, unless it is internal; commit.

        A reply to an asker who deleted their data is neither kept nor carried: it could
        name them again, and it would reach nobody.
        """
        internal = side is Side.MODERATORS and is_internal(text)
        if await _unreachable(uow, question, side, internal):
            return Relayed.ASKER_GONE
        author = await self.threads.person(uow, actor)
        assert author.id is not None and question.id is not None
        now = self.ctx.clock.now()
        post = await uow.questions.add_post(
            Post(question.id, author.id, side, text, source, now, internal)
        )
        if post is None:
            return Relayed.ALREADY_SEEN
        if not internal:
            await self._carry(uow, question, post, author)
            await self._after_reply(uow, question, side, now)
        await uow.commit()
        return Relayed.KEPT_INTERNAL if internal else Relayed.CARRIED

    async def _carry(
        self,
        uow: UnitOfWork,
        question: Question,
        post: Post,
        author: Person,
        edit_id: str | None = None,
    ) -> None:
        """Queue a post's copy for the other side or, given the edit's id, an edit of it."""
        edited = edit_id is not None
        asker = await uow.people.get(question.asker_id)
        cohort = await uow.cohorts.get(question.cohort_id)
        assert asker is not None and cohort is not None
        if post.side is Side.MODERATORS:
            threads = self.ctx.can(asker.platform).threads_in_direct_messages
            message = to_asker_message(author.display_name, post.text, question, edited, threads)
            # Without threads in direct messages, each answer stands alone with its Reply button.
            to, thread = asker.address, ASKED.format(id=question.id) if threads else None
        else:
            name = ASKER if question.anonymous else author.display_name
            message = to_moderators_message(name, post.text, edited)
            to, thread = moderators(cohort), CARD.format(id=question.id)
        copy = f"relay:{post.id}"
        if edited:
            key = f"relay-edit:{post.id}:{edit_id}"
            await enqueue_to(uow, key, Outgoing(message, to, replaces=copy), question)
        else:
            await enqueue_to(uow, copy, Outgoing(message, to, under=thread), question)

    async def _say_asker_gone(self, uow: UnitOfWork, question: Question, source: str) -> None:
        """Tell the moderators, in the thread the reply was written in, that it went nowhere."""
        cohort = await uow.cohorts.get(question.cohort_id)
        assert cohort is not None
        told = asker_gone_message(question.reference)
        await in_card_thread(uow, f"asker-gone:{source}", cohort, question, told)
        await uow.commit()

    async def _after_reply(
        self, uow: UnitOfWork, question: Question, side: Side, now: datetime
    ) -> None:
        """A moderator's reply answers a waiting question, and the first one is timed; the
        asker writing again re-opens a resolved question. The card shows the new status."""
        before = replace(question)
        if side is Side.MODERATORS:
            question.first_reply_at = question.first_reply_at or now
            if before.status.waiting:
                question.status = QuestionStatus.ANSWERED
        elif before.status is QuestionStatus.RESOLVED:
            question.status = QuestionStatus.CLAIMED if question.claimed_by else QuestionStatus.OPEN
        if question == before:
            return
        await uow.questions.update(question)
        if question.status is not before.status:
            cohort = await uow.cohorts.get(question.cohort_id)
            assert cohort is not None
            await self.threads.refresh_card(uow, cohort, question)


async def _unreachable(uow: UnitOfWork, question: Question, side: Side, internal: bool) -> bool:
    """Whether this is a moderators' reply for an asker who deleted their data."""
    if side is not Side.MODERATORS or internal:
        return False
    asker = await uow.people.get(question.asker_id)
    return asker is None or is_forgotten(asker)
