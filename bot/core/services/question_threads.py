"""What the question services share: where each question's threads hang, who may act
on it, and how messages about it are queued.

Every question has two threads: one under its card in the moderators' channel, one
under the message that starts the asker's own thread in their direct messages. Both
are outbox deliveries, so their keys name them before they are posted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.messages import Message
from bot.core.model import Actor, Cohort, Delivery, EnrolmentStatus, Person, Role
from bot.core.ports import Directory, RetryLater, UnitOfWork
from bot.core.questions import Question, Side, module_titles, reference_number
from bot.core.replies.questions import ANONYMOUS_ASKER, CardDetails, asked_message, moderator_card
from bot.core.services.context import Membership, ServiceContext, membership

logger = logging.getLogger(__name__)

CARD = "question:{id}"  # the card in the moderators' channel
ASKED = "question-asked:{id}"  # the start of the asker's thread
UNNAMED = "A moderator"  # until the platform can say who they are
MODERATING = (Role.MODERATOR, Role.COORDINATOR)


@dataclass(frozen=True)
class QuestionThreads:
    ctx: ServiceContext
    directory: Directory

    async def send_out(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> None:
        """Post the question to the moderators and start the asker's thread."""
        asker = await uow.people.get(question.asker_id)
        assert asker is not None
        if not cohort.moderators_channel:
            logger.warning("cohort %s has no moderators' channel for %s", cohort.slug, question.id)
        card = await self.card(uow, cohort, question)
        moderators = cohort.moderators_channel or ""
        await enqueue_to(uow, CARD.format(id=question.id), asker.platform, moderators, card)
        await enqueue(uow, ASKED.format(id=question.id), asker, asked_message(question))

    async def card(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> Message:
        """The question as the moderators see it, naming the asker unless anonymous."""
        asker_label = ANONYMOUS_ASKER
        if not question.anonymous:
            asker = await uow.people.get(question.asker_id)
            assert asker is not None and cohort.id is not None
            org = await uow.organisations.get(cohort.id, asker.organisation_id or "")
            asker_label = asker.display_name + (f", {org.name}" if org else "")
        claimed = await uow.people.get(question.claimed_by) if question.claimed_by else None
        details = CardDetails(
            asker_label,
            module_titles(self.ctx.curriculum).get(question.module_id or ""),
            question.asked_at.astimezone(self.ctx.zone(cohort)),
            claimed.display_name if claimed else None,
        )
        return moderator_card(question, details)

    async def refresh_card(self, uow: UnitOfWork, cohort: Cohort, question: Question) -> None:
        """Show the question's new status in place in the moderators' channel."""
        card = await self.card(uow, cohort, question)
        stamp = self.ctx.clock.now().isoformat()
        await enqueue_to(
            uow,
            f"question-card:{question.id}:{stamp}:{question.status}:{question.claimed_by}",
            await platform_of(uow, question),
            cohort.moderators_channel or "",
            card,
            replaces=CARD.format(id=question.id),
        )

    async def is_moderator(self, uow: UnitOfWork, actor: Actor, cohort: Cohort) -> bool:
        """Given the role in the cohort, or a member of its moderators' channel.

        Raises RetryLater when the platform cannot say who is in the channel.
        """
        person = await uow.people.find(actor.platform, actor.user_id)
        if person is not None and person.id is not None:
            for enrolment in await uow.enrolments.for_person(person.id):
                if (
                    enrolment.cohort_id == cohort.id
                    and enrolment.role in MODERATING
                    and enrolment.status is EnrolmentStatus.ACTIVE
                ):
                    return True
        channel = cohort.moderators_channel
        return bool(channel) and await self.directory.in_channel(channel or "", actor.user_id)

    async def person(self, uow: UnitOfWork, actor: Actor) -> Person:
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

    async def thread_of(
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


async def member_of(uow: UnitOfWork, actor: Actor) -> Membership | None:
    """The actor's place in a cohort, in whatever role."""
    for role in (Role.LEADER, Role.COORDINATOR, Role.MODERATOR):
        member = await membership(uow, actor, role)
        if member is not None:
            return member
    return None


async def named(uow: UnitOfWork, value: str) -> Question | None:
    """The question a button's value or a typed reference names, if it exists."""
    number = reference_number(value)
    return await uow.questions.get(number) if number else None


async def own(uow: UnitOfWork, actor: Actor, value: str) -> tuple[Membership, Question] | None:
    """The actor's own question named by `value`: nobody else's is ever found."""
    member = await member_of(uow, actor)
    question = await named(uow, value)
    if member is None or question is None or question.asker_id != member.person.id:
        return None
    return member, question


async def is_asker(uow: UnitOfWork, actor: Actor, question: Question) -> bool:
    person = await uow.people.find(actor.platform, actor.user_id)
    return person is not None and person.id == question.asker_id


async def answers_to(uow: UnitOfWork, questions: list[Question]) -> dict[int | None, str]:
    """What the moderators replied to each question, internal notes left out."""
    posts = await uow.questions.posts([q.id for q in questions if q.id is not None])
    answers: dict[int | None, list[str]] = {q.id: [] for q in questions}
    for post in posts:
        if post.side is Side.MODERATORS and not post.internal:
            answers[post.question_id].append(post.text)
    return {qid: "\n\n".join(texts) for qid, texts in answers.items()}


async def platform_of(uow: UnitOfWork, question: Question) -> str:
    asker = await uow.people.get(question.asker_id)
    assert asker is not None
    return asker.platform


async def in_card_thread(
    uow: UnitOfWork,
    key: str,
    platform: str,
    cohort: Cohort,
    question: Question,
    message: Message,
    *,
    broadcast: bool = False,
) -> None:
    """Queue a message in the thread under the question's card, for the moderators."""
    await enqueue_to(
        uow,
        key,
        platform,
        cohort.moderators_channel or "",
        message,
        thread_of=CARD.format(id=question.id),
        broadcast=broadcast,
    )


async def enqueue(uow: UnitOfWork, key: str, person: Person, message: Message) -> None:
    await enqueue_to(uow, key, person.platform, person.platform_user_id, message)


async def enqueue_to(
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
    """Queue a message; in the thread of the delivery `thread_of`, or replacing `replaces`."""
    payload = message.to_dict()
    if thread_of:
        payload["thread_of"] = thread_of
    if replaces:
        payload["replaces"] = replaces
    if broadcast:
        payload["broadcast"] = True
    await uow.deliveries.enqueue(Delivery(key, platform, recipient, payload))
