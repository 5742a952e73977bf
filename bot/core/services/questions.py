"""Questions: from a leader to the moderators' thread and back, private or anonymous.

Every question is stored before anything is posted, and every post goes through the
outbox under a key of its own, so a platform error delays a message but never loses
or repeats it. Moderator-facing messages and log lines never name an anonymous asker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, Cohort, Delivery, Person, Role
from bot.core.ports import Directory, RetryLater, UnitOfWork
from bot.core.questions import (
    MAX_QUESTION,
    Post,
    Question,
    QuestionStatus,
    Side,
    is_internal,
    matches,
    reference_number,
)
from bot.core.replies.progress import not_enrolled_message
from bot.core.replies.questions import (
    ANONYMOUS,
    ANONYMOUS_ASKER,
    ASKER,
    CLAIM,
    MARK_ANSWERED,
    MAY_PUBLISH,
    MODULE,
    OPTIONS,
    PUBLISH,
    TEXT,
    CardDetails,
    ask_received_message,
    asked_message,
    confirmation,
    consent_given,
    consent_request,
    draft_message,
    moderator_card,
    published_message,
    question_form,
    reminder_message,
    resolved_for_asker,
    resolved_for_moderators,
    search_results,
    to_asker_message,
    to_moderators_message,
)
from bot.core.services.context import Membership, ServiceContext, membership
from bot.core.wording import age

logger = logging.getLogger(__name__)

# Delivery keys: the two messages every question's threads hang from.
CARD = "question:{id}"
ASKED = "question-asked:{id}"
UNKNOWN = "That question no longer exists. Ask a new one with {ask}."
UNNAMED = "A moderator"


class Relayed(StrEnum):
    CARRIED = "carried"
    KEPT_INTERNAL = "kept-internal"
    ALREADY_SEEN = "already-seen"
    NOT_A_QUESTION = "not-a-question"  # the thread is not about a question


@dataclass(frozen=True)
class QuestionService:
    ctx: ServiceContext
    directory: Directory
    reply_within_working_days: int = 1

    # Asking

    async def ask(self, actor: Actor, text: str) -> Message:
        """Ask at once, as `/ask text` does: not anonymous, not for publishing."""
        if (problem := text_problem(text)) is not None:
            return confirmation(problem)
        async with self.ctx.uow() as uow:
            member = await _member(uow, actor)
            if member is None:
                return not_enrolled_message()
            question = await self._new(uow, member, text.strip())
            await self._send_out(uow, member.cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return ask_received_message(question)

    async def form(self, actor: Actor, text: str = "") -> Form | Message:
        async with self.ctx.uow() as uow:
            if await _member(uow, actor) is None:
                return not_enrolled_message()
        return question_form(self.ctx.curriculum, text)

    def form_problems(self, answers: Answers) -> dict[str, str]:
        """What is wrong with a filled-in form, by input id; empty when it can be sent."""
        problem = text_problem("\n".join(answers.get(TEXT, ())))
        return {TEXT: problem} if problem else {}

    async def save_form(self, actor: Actor, answers: Answers) -> None:
        """Send the question from the form; the asker hears back in their messages."""
        text = "\n".join(answers.get(TEXT, ())).strip()
        options = answers.get(OPTIONS, ())
        module = next(iter(answers.get(MODULE, ())), None)
        if self.form_problems(answers) or module not in (None, *self._module_ids()):
            return
        async with self.ctx.uow() as uow:
            member = await _member(uow, actor)
            if member is None:
                return
            question = await self._new(
                uow, member, text, module, ANONYMOUS in options, MAY_PUBLISH in options
            )
            await self._send_out(uow, member.cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()

    async def draft(self, actor: Actor, text: str, message_id: str) -> bool:
        """Offer to send a direct message as a question; False if the writer is not enrolled."""
        async with self.ctx.uow() as uow:
            member = await _member(uow, actor)
            if member is None:
                return False
            problem = text_problem(text)
            if problem is not None:
                reply = confirmation(problem)
            else:
                question = await self._new(uow, member, text.strip(), draft=True)
                reply = draft_message(question, self.ctx.names)
            await _enqueue(uow, f"question-draft:{message_id}", member.person, reply)
            await uow.commit()
        self.ctx.wake_outbox()
        return True

    async def send_draft(self, actor: Actor, value: str, anonymous: bool) -> Message:
        async with self.ctx.uow() as uow:
            found = await self._own(uow, actor, value)
            if found is None:
                return confirmation(UNKNOWN.format(ask=self.ctx.names.ask))
            member, question = found
            if question.status is not QuestionStatus.DRAFT:
                return confirmation(f"You have sent this already, as {question.reference}.")
            question.status, question.anonymous = QuestionStatus.OPEN, anonymous
            question.asked_at = self.ctx.clock.now()
            await uow.questions.update(question)
            await self._send_out(uow, member.cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return ask_received_message(question)

    async def drop_draft(self, actor: Actor, value: str) -> Message:
        """Forget a direct message the writer did not want sent."""
        async with self.ctx.uow() as uow:
            found = await self._own(uow, actor, value)
            if found is not None and found[1].status is not QuestionStatus.DRAFT:
                return confirmation(f"You have sent this already, as {found[1].reference}.")
            if found is not None:
                assert found[1].id is not None
                await uow.questions.delete(found[1].id)
                await uow.commit()
        return confirmation(
            f"All right, I have not sent it. Ask any time with {self.ctx.names.ask}."
        )

    # Relaying

    async def relay(self, actor: Actor, thread: str, text: str, source: str) -> Relayed:
        """Carry a reply written in a question's thread to the other side.

        `thread` is the platform's reference to the message the thread hangs from and
        `source` its reference to the reply itself.
        """
        async with self.ctx.uow() as uow:
            found = await self._thread(uow, actor.platform, thread)
            if found is None:
                return Relayed.NOT_A_QUESTION
            question, side = found
            if side is Side.ASKER and not await self._is_asker(uow, actor, question):
                return Relayed.NOT_A_QUESTION
            author = await self._person(uow, actor)
            assert author.id is not None and question.id is not None
            internal = side is Side.MODERATORS and is_internal(text)
            now = self.ctx.clock.now()
            post = await uow.questions.add_post(
                Post(question.id, author.id, side, text, source, now, internal)
            )
            if post is None:
                return Relayed.ALREADY_SEEN
            if not internal:
                await self._carry(uow, question, post, author, edited=False)
                await self._after_reply(uow, question, side, now)
            await uow.commit()
        self.ctx.wake_outbox()
        return Relayed.KEPT_INTERNAL if internal else Relayed.CARRIED

    async def reply_to(self, actor: Actor, reference: str, text: str, source: str) -> Message:
        """Reply to a question named by its reference, for platforms without threads.

        The asker writes on their side; anyone else must be a moderator.
        """
        async with self.ctx.uow() as uow:
            number = reference_number(reference)
            question = await uow.questions.get(number) if number else None
            cohort = await uow.cohorts.get(question.cohort_id) if question else None
            if question is None or cohort is None or question.status is QuestionStatus.DRAFT:
                return confirmation(f"There is no question {reference}.")
            if await self._is_asker(uow, actor, question):
                root = ASKED.format(id=question.id)
            elif await self._is_moderator(uow, actor, cohort):
                root = CARD.format(id=question.id)
            else:
                return confirmation("Only the asker and the moderators can reply to a question.")
            thread = await uow.deliveries.get(root)
        if thread is None or thread.platform_ref is None:
            return confirmation(f"{question.reference} is not posted yet. Try again in a minute.")
        relayed = await self.relay(actor, thread.platform_ref, text, source)
        if relayed is Relayed.KEPT_INTERNAL:
            return confirmation("Kept among the moderators.")
        return confirmation(f"Sent in the thread of {question.reference}.")

    async def edit(self, actor: Actor, source: str, text: str, edit_id: str) -> None:
        """Carry an edit of a relayed reply as an edit of the copy."""
        async with self.ctx.uow() as uow:
            post = await uow.questions.post_from(source)
            author = await uow.people.find(actor.platform, actor.user_id)
            if post is None or post.internal or author is None or author.id != post.author_id:
                return
            question = await uow.questions.get(post.question_id)
            if question is None:
                return
            post.text = text
            await uow.questions.update_post(post)
            await self._carry(uow, question, post, author, edited=True, edit_id=edit_id)
            await uow.commit()
        self.ctx.wake_outbox()

    # Moderating

    async def moderate(self, actor: Actor, action: str, value: str) -> Message:
        """Claim, mark answered or publish, for moderators only."""
        async with self.ctx.uow() as uow:
            number = reference_number(value)
            question = await uow.questions.get(number) if number else None
            cohort = await uow.cohorts.get(question.cohort_id) if question else None
            if question is None or cohort is None or question.status is QuestionStatus.DRAFT:
                return confirmation("That question has been deleted, so there is nothing to do.")
            try:
                allowed = await self._is_moderator(uow, actor, cohort)
            except RetryLater:
                return confirmation("Slack did not answer in time. Please try again in a minute.")
            if not allowed:
                logger.warning("a non-moderator pressed %s on question %s", action, question.id)
                return confirmation("Only the cohort's moderators can do that.")
            moderator = await self._person(uow, actor)
            if action == PUBLISH:
                reply = await self._publish(uow, cohort, question)
            else:
                reply = self._change(question, action, moderator)
            await uow.questions.update(question)
            await self._refresh_card(uow, cohort, question)
            await uow.commit()
        self.ctx.wake_outbox()
        return reply

    async def resolve(self, actor: Actor, value: str) -> Message:
        """The asker says the answer is enough."""
        async with self.ctx.uow() as uow:
            found = await self._own(uow, actor, value)
            if found is None:
                return confirmation(UNKNOWN.format(ask=self.ctx.names.ask))
            member, question = found
            if question.status is QuestionStatus.RESOLVED:
                return resolved_for_asker(question)
            question.status = QuestionStatus.RESOLVED
            await uow.questions.update(question)
            await self._refresh_card(uow, member.cohort, question)
            stamp = self.ctx.clock.now().isoformat()
            await _enqueue_to(
                uow,
                f"question-resolved:{question.id}:{stamp}",
                member.person.platform,
                member.cohort.moderators_channel or "",
                resolved_for_moderators(question),
                thread_of=CARD.format(id=question.id),
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return resolved_for_asker(question)

    async def allow_sharing(self, actor: Actor, value: str) -> Message:
        """The asker agrees the question and answer may go to the cohort without their name."""
        async with self.ctx.uow() as uow:
            found = await self._own(uow, actor, value)
            if found is None:
                return confirmation(UNKNOWN.format(ask=self.ctx.names.ask))
            member, question = found
            if not question.may_publish:
                question.may_publish = True
                await uow.questions.update(question)
                await _enqueue_to(
                    uow,
                    f"question-consented:{question.id}",
                    member.person.platform,
                    member.cohort.moderators_channel or "",
                    consent_given(question),
                    thread_of=CARD.format(id=question.id),
                )
                await uow.commit()
        self.ctx.wake_outbox()
        return confirmation(
            f"Thank you. The moderators may share {question.reference} without your name."
        )

    async def search(self, actor: Actor, words: str) -> Message:
        """Published questions and answers with every word."""
        async with self.ctx.uow() as uow:
            member = await _member(uow, actor)
            if member is None:
                return not_enrolled_message()
            assert member.cohort.id is not None
            published = [
                q for q in await uow.questions.for_cohort(member.cohort.id) if q.published_at
            ]
            answers = await _answers(uow, published)
        found = [(q, answers[q.id]) for q in published if matches(words, q.text, answers[q.id])]
        return search_results(words, found)

    async def remind_due(self) -> None:
        """Tell the moderators, once, about each question that has waited too long."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            for question in await uow.questions.awaiting_reminder():
                cohort = await uow.cohorts.get(question.cohort_id)
                if cohort is None or not cohort.moderators_channel:
                    continue
                if self.reply_due(question, cohort) > now:
                    continue
                question.reminded_at = now
                await uow.questions.update(question)
                await _enqueue_to(
                    uow,
                    f"question-reminder:{question.id}",
                    await self._platform_of(uow, question),
                    cohort.moderators_channel,
                    reminder_message(question, age(now - question.asked_at)),
                    thread_of=CARD.format(id=question.id),
                    broadcast=True,
                )
            await uow.commit()
        self.ctx.wake_outbox()

    async def next_reminder(self) -> datetime | None:
        """When the next reminder about a waiting question falls due."""
        async with self.ctx.uow() as uow:
            moments = []
            for question in await uow.questions.awaiting_reminder():
                cohort = await uow.cohorts.get(question.cohort_id)
                if cohort is not None and cohort.moderators_channel:
                    moments.append(self.reply_due(question, cohort))
        return min(moments, default=None)

    def reply_due(self, question: Question, cohort: Cohort) -> datetime:
        """When a question with no reply is overdue: a set number of working days after it
        was asked, counting from the start of working hours when asked outside them."""
        zone, timetable = self.ctx.zone(cohort), self.ctx.timetable
        due = timetable.next_allowed(question.asked_at, zone)
        at = due.astimezone(zone).time()
        for _ in range(self.reply_within_working_days):
            due = timetable.next_working_day_at(due, at, zone)
        return due

    def overdue(self, questions: list[Question], cohort: Cohort) -> list[tuple[Question, str]]:
        """Waiting questions past their reply time, each with how long it has waited."""
        now = self.ctx.clock.now()
        return [
            (q, age(now - q.asked_at))
            for q in questions
            if q.status.waiting and q.first_reply_at is None and self.reply_due(q, cohort) <= now
        ]

    # Inside

    def _module_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.ctx.curriculum.modules)

    async def _new(
        self,
        uow: UnitOfWork,
        member: Membership,
        text: str,
        module_id: str | None = None,
        anonymous: bool = False,
        may_publish: bool = False,
        draft: bool = False,
    ) -> Question:
        assert member.cohort.id is not None and member.person.id is not None
        status = QuestionStatus.DRAFT if draft else QuestionStatus.OPEN
        question = Question(
            member.cohort.id,
            member.person.id,
            text,
            self.ctx.clock.now(),
            module_id,
            anonymous,
            may_publish,
            status,
        )
        return await uow.questions.add(question)

    async def _send_out(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> None:
        """Post the question to the moderators and start the asker's thread."""
        asker = await uow.people.get(question.asker_id)
        assert asker is not None
        if not cohort.moderators_channel:
            logger.warning("cohort %s has no moderators' channel for %s", cohort.slug, question.id)
        card = await self._card(uow, cohort, question)
        moderators = cohort.moderators_channel or ""
        await _enqueue_to(uow, CARD.format(id=question.id), asker.platform, moderators, card)
        asked = asked_message(question, self.ctx.names)
        await _enqueue(uow, ASKED.format(id=question.id), asker, asked)
        logger.debug("question %s sent to the moderators", question.id)

    async def _card(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> Message:
        asker_label = ANONYMOUS_ASKER
        if not question.anonymous:
            asker = await uow.people.get(question.asker_id)
            assert asker is not None and cohort.id is not None
            org = await uow.organisations.get(cohort.id, asker.organisation_id or "")
            asker_label = asker.display_name + (f", {org.name}" if org else "")
        claimed = await uow.people.get(question.claimed_by) if question.claimed_by else None
        module = next((m for m in self.ctx.curriculum.modules if m.id == question.module_id), None)
        module_label = (
            f"{self.ctx.curriculum.number_of(module.id)}. {module.title}" if module else None
        )
        details = CardDetails(
            asker_label,
            module_label,
            question.asked_at.astimezone(self.ctx.zone(cohort)),
            claimed.display_name if claimed else None,
        )
        return moderator_card(question, details)

    async def _refresh_card(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> None:
        """Show the question's new status in place in the moderators' channel."""
        card = await self._card(uow, cohort, question)
        stamp = self.ctx.clock.now().isoformat()
        await _enqueue_to(
            uow,
            f"question-card:{question.id}:{stamp}:{question.status}:{question.claimed_by}",
            await self._platform_of(uow, question),
            cohort.moderators_channel or "",
            card,
            replaces=CARD.format(id=question.id),
        )

    async def _carry(
        self,
        uow: UnitOfWork,
        question: Question,
        post: Post,
        author: Person,
        edited: bool,
        edit_id: str = "",
    ) -> None:
        """Queue a post's copy for the other side, or an edit of the copy made before."""
        asker = await uow.people.get(question.asker_id)
        cohort = await uow.cohorts.get(question.cohort_id)
        assert asker is not None and cohort is not None
        if post.side is Side.MODERATORS:
            message = to_asker_message(author.display_name, post.text, question, edited)
            recipient, thread = asker.platform_user_id, ASKED.format(id=question.id)
        else:
            name = ASKER if question.anonymous else author.display_name
            message = to_moderators_message(name, post.text, edited)
            recipient, thread = cohort.moderators_channel or "", CARD.format(id=question.id)
        copy = f"relay:{post.id}"
        if edited:
            key = f"relay-edit:{post.id}:{edit_id}"
            await _enqueue_to(uow, key, asker.platform, recipient, message, replaces=copy)
        else:
            await _enqueue_to(uow, copy, asker.platform, recipient, message, thread_of=thread)

    async def _after_reply(
        self, uow: UnitOfWork, question: Question, side: Side, now: datetime
    ) -> None:
        """A moderator's first reply is timed; the asker writing again re-opens a question."""
        if side is Side.MODERATORS and question.first_reply_at is None:
            question.first_reply_at = now
        elif side is Side.ASKER and question.status is QuestionStatus.RESOLVED:
            question.status = QuestionStatus.CLAIMED if question.claimed_by else QuestionStatus.OPEN
            cohort = await uow.cohorts.get(question.cohort_id)
            assert cohort is not None
            await self._refresh_card(uow, cohort, question)
        else:
            return
        await uow.questions.update(question)

    def _change(self, question: Question, action: str, moderator: Person) -> Message:
        """Claim or mark answered; the answer for the moderator who pressed."""
        ref = question.reference
        if action == CLAIM:
            if not question.status.waiting:
                return confirmation(f"{ref} is already answered.")
            question.status, question.claimed_by = QuestionStatus.CLAIMED, moderator.id
            return confirmation(f"You have claimed {ref}. Reply in its thread to answer.")
        if action == MARK_ANSWERED:
            if question.status is QuestionStatus.RESOLVED:
                return confirmation(f"{ref} is already resolved.")
            question.status = QuestionStatus.ANSWERED
            return confirmation(f"{ref} is marked answered. The asker can still write back.")
        return confirmation("That button no longer does anything.")

    async def _publish(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> Message:
        ref = question.reference
        if not question.may_publish:
            asker = await uow.people.get(question.asker_id)
            assert asker is not None
            await _enqueue_to(
                uow,
                f"question-consent:{question.id}",
                asker.platform,
                asker.platform_user_id,
                consent_request(question),
                thread_of=ASKED.format(id=question.id),
            )
            return confirmation(
                f"{ref} cannot be published yet: the asker has not agreed to share it. "
                "I have asked them, without naming you, and will say here if they agree."
            )
        if question.published_at is not None:
            return confirmation(f"{ref} is published already.")
        answers = (await _answers(uow, [question]))[question.id]
        if not answers:
            return confirmation(f"Answer {ref} in its thread before publishing it.")
        if not cohort.cohort_channel:
            return confirmation("The cohort has no channel to publish to.")
        question.published_at = self.ctx.clock.now()
        message = published_message(question, [answers], self.ctx.names)
        platform = await self._platform_of(uow, question)
        key = f"question-published:{question.id}"
        await _enqueue_to(uow, key, platform, cohort.cohort_channel, message)
        return confirmation(f"{ref} is published to the cohort channel, without the asker's name.")

    async def _thread(
        self, uow: UnitOfWork, platform: str, thread: str
    ) -> tuple[Question, Side] | None:
        """The question whose thread hangs from the message `thread`, and which side it is."""
        root = await uow.deliveries.sent_as(platform, thread)
        if root is None:
            return None
        kind, _, number = root.key.partition(":")
        side = {"question": Side.MODERATORS, "question-asked": Side.ASKER}.get(kind)
        question = await uow.questions.get(int(number)) if side and number.isdigit() else None
        return None if question is None or side is None else (question, side)

    async def _own(
        self, uow: UnitOfWork, actor: Actor, value: str
    ) -> tuple[Membership, Question] | None:
        """The actor's own question named by a button's value."""
        number = reference_number(value)
        member = await _member(uow, actor)
        question = await uow.questions.get(number) if number else None
        if member is None or question is None or question.asker_id != member.person.id:
            return None
        return member, question

    async def _is_asker(self, uow: UnitOfWork, actor: Actor, question: Question) -> bool:
        person = await uow.people.find(actor.platform, actor.user_id)
        return person is not None and person.id == question.asker_id

    async def _is_moderator(self, uow: UnitOfWork, actor: Actor, cohort: Cohort) -> bool:
        """Given the role in the cohort, or a member of its moderators' channel."""
        for role in (Role.MODERATOR, Role.COORDINATOR):
            member = await membership(uow, actor, role)
            if member is not None and member.cohort.id == cohort.id:
                return True
        channel = cohort.moderators_channel
        return bool(channel) and await self.directory.in_channel(channel or "", actor.user_id)

    async def _person(self, uow: UnitOfWork, actor: Actor) -> Person:
        """The actor as a person, kept the first time a moderator who is not enrolled acts.

        A reply must not wait on the platform's directory: if it cannot say who the
        moderator is now, they are kept as "A moderator" and named when it can.
        """
        person = await uow.people.find(actor.platform, actor.user_id)
        if person is not None and person.display_name != UNNAMED:
            return person
        try:
            profile = await self.directory.profile(actor.user_id)
        except RetryLater as problem:
            logger.warning("could not look a moderator up: %s", problem.reason)
            profile = None
        name = profile.display_name if profile else UNNAMED
        if person is not None:
            person.display_name = name
            await uow.people.update(person)
            return person
        zone = profile.time_zone if profile else None
        return await uow.people.find_or_add(
            Person(actor.platform, actor.user_id, name, time_zone=zone)
        )

    async def _platform_of(self, uow: UnitOfWork, question: Question) -> str:
        asker = await uow.people.get(question.asker_id)
        assert asker is not None
        return asker.platform


def text_problem(text: str) -> str | None:
    """Why a question cannot be sent as written; None when it can."""
    if not text.strip():
        return "Your question is empty. Write what you would like to ask."
    if len(text) > MAX_QUESTION:
        return (
            f"Your question is {len(text):,} characters long. Please keep it under "
            f"{MAX_QUESTION:,}, or ask the first part and add the rest in its thread."
        )
    return None


async def _member(uow: UnitOfWork, actor: Actor) -> Membership | None:
    """The actor's place in a cohort, in whatever role."""
    for role in (Role.LEADER, Role.COORDINATOR, Role.MODERATOR):
        member = await membership(uow, actor, role)
        if member is not None:
            return member
    return None


async def _answers(uow: UnitOfWork, questions: list[Question]) -> dict[int | None, str]:
    """What the moderators replied to each question, internal notes left out."""
    posts = await uow.questions.posts([q.id for q in questions if q.id is not None])
    answers: dict[int | None, list[str]] = {q.id: [] for q in questions}
    for post in posts:
        if post.side is Side.MODERATORS and not post.internal:
            answers[post.question_id].append(post.text)
    return {qid: "\n\n".join(texts) for qid, texts in answers.items()}


async def _enqueue(uow: UnitOfWork, key: str, person: Person, message: Message) -> None:
    await _enqueue_to(uow, key, person.platform, person.platform_user_id, message)


async def _enqueue_to(
    uow: UnitOfWork,
    key: str,
    platform: str,
    recipient: str,
    message: Message,
    *,
    thread_of: str | None = None,
    replaces: str | None = None,
    broadcast: bool = False,
) -> None:
    payload = message.to_dict()
    if thread_of:
        payload["thread_of"] = thread_of
    if replaces:
        payload["replaces"] = replaces
    if broadcast:
        payload["broadcast"] = True
    await uow.deliveries.enqueue(Delivery(key, platform, recipient, payload))
