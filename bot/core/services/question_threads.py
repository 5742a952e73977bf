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
from bot.core.model import Actor, ChannelKind, Cohort, Delivery, Person, Role
from bot.core.outgoing import Address, Outgoing
from bot.core.ports import Directory, RetryLater, UnitOfWork
from bot.core.questions import Question, Side, module_titles, reference_number
from bot.core.replies.questions import ANONYMOUS_ASKER, CardDetails, asked_message, moderator_card
from bot.core.services.context import Membership, ServiceContext, memberships

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
        card = Outgoing(await self.card(uow, cohort, question), moderators(cohort))
        await enqueue_to(uow, CARD.format(id=question.id), card, question, Side.MODERATORS)
        threads = self.ctx.can(asker.platform).threads_in_direct_messages
        asked = Outgoing(asked_message(question, threads), asker.address)
        await enqueue_to(uow, ASKED.format(id=question.id), asked, question, Side.ASKER)

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
            Outgoing(card, moderators(cohort), replaces=CARD.format(id=question.id)),
            question,
        )

    async def is_moderator(self, uow: UnitOfWork, actor: Actor, cohort: Cohort) -> bool:
        """Given the role in the cohort, or a member of its moderators' channel.

        Raises RetryLater when the platform cannot say who is in the channel.
        """
        if any(m.cohort.id == cohort.id for m in await memberships(uow, actor, MODERATING)):
            return True
        channel = cohort.moderators_channel
        return bool(channel) and await self.directory.in_channel(
            actor.platform, channel or "", actor.user_id
        )

    async def moderated_cohort(self, uow: UnitOfWork, actor: Actor) -> Cohort | None:
        """The cohort the actor moderates: by role, else as a member of its moderators'
        channel. Raises RetryLater when the platform cannot say who is in a channel."""
        by_role = await memberships(uow, actor, MODERATING)
        if by_role:
            return by_role[0].cohort
        for cohort in await uow.cohorts.all():
            if cohort.platform == actor.platform and await self.is_moderator(uow, actor, cohort):
                return cohort
        return None

    async def person(self, uow: UnitOfWork, actor: Actor) -> Person:
        """The actor as a person, kept the first time a moderator who is not enrolled acts.

        A reply must not wait on the platform's directory: if it cannot say who the
        moderator is now, they are kept as "A moderator" and named when it can.
        """
        person = await uow.people.find(actor.platform, actor.user_id)
        if person is not None and person.display_name != UNNAMED:
            return person
        try:
            profile = await self.directory.profile(actor.platform, actor.user_id)
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
        if root is None or root.question_id is None or root.question_side is None:
            return None
        question = await uow.questions.get(root.question_id)
        return None if question is None else (question, Side(root.question_side))


async def member_of(uow: UnitOfWork, actor: Actor) -> Membership | None:
    """The actor's place in a cohort, in whatever role."""
    found = await memberships(uow, actor, (Role.LEADER, Role.COORDINATOR, Role.MODERATOR))
    return next(iter(found), None)


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


def moderators(cohort: Cohort) -> Address:
    """The moderators' channel; without one, an address that fails when it is sent to."""
    return cohort.channel(ChannelKind.MODERATORS) or Address.channel(cohort.platform, "")


async def in_card_thread(
    uow: UnitOfWork,
    key: str,
    cohort: Cohort,
    question: Question,
    message: Message,
    *,
    also_to_channel: bool = False,
) -> None:
    """Queue a message in the thread under the question's card, for the moderators."""
    under = CARD.format(id=question.id)
    outgoing = Outgoing(message, moderators(cohort), under=under, also_to_channel=also_to_channel)
    await enqueue_to(uow, key, outgoing, question)


async def enqueue(
    uow: UnitOfWork, key: str, person: Person, message: Message, question: Question | None = None
) -> None:
    """Queue a direct message to `person`."""
    await enqueue_to(uow, key, Outgoing(message, person.address), question)


async def enqueue_to(
    uow: UnitOfWork,
    key: str,
    outgoing: Outgoing,
    question: Question | None = None,
    starts: Side | None = None,
) -> None:
    """Queue a message about `question`; `starts` names the side whose thread it starts."""
    question_id = None if question is None else question.id
    await uow.deliveries.enqueue(
        Delivery(key, outgoing, question_id=question_id, question_side=starts)
    )
