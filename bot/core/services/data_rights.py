"""Leaders' data rights: a copy of everything held about them (my-data), and erasure at
their request (forget-me); the purge of old cohorts is `retention.py`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import uuid4
from zoneinfo import ZoneInfo

from bot.core.messages import Message
from bot.core.model import (
    Actor,
    AuditEntry,
    Cohort,
    Delivery,
    DeliveryStatus,
    EnrolmentStatus,
    Person,
    Role,
)
from bot.core.outgoing import Attachment, Outgoing
from bot.core.personal_data import (
    EnrolmentRecords,
    forgotten_token,
    my_data_document,
    my_data_filename,
)
from bot.core.ports import UnitOfWork
from bot.core.questions import Post, Question, QuestionStatus, Side
from bot.core.replies.data_rights import (
    forget_me_prompt,
    forgotten_message,
    kept_message,
    my_data_file_message,
    my_data_sent_message,
    nothing_held_message,
    nothing_more_message,
    removed_reflection_message,
    stale_request_message,
)
from bot.core.replies.questions import ASKER, to_moderators_message
from bot.core.services.context import ServiceContext
from bot.core.services.question_threads import QuestionThreads, enqueue_to, moderators
from bot.core.services.seats import fill_seats

FORGET_ME = "forget-me"  # the audit log's action; its entry names nobody


@dataclass(frozen=True)
class DataRightsService:
    ctx: ServiceContext
    threads: QuestionThreads

    async def my_data(self, actor: Actor) -> Message:
        """Send the person a JSON file of everything held about them, through the outbox."""
        async with self.ctx.uow() as uow:
            person = await uow.people.find(actor.platform, actor.user_id)
            if person is None or person.id is None:
                return nothing_held_message()
            enrolments = await _enrolment_records(uow, person.id)
            held = await uow.personal_data.held(person)
            now = self.ctx.clock.now()
            today = now.astimezone(_zone(enrolments)).date()
            filename = my_data_filename(today)
            document = my_data_document(
                person,
                enrolments,
                held,
                self.ctx.curriculum,
                now,
                self.ctx.names_for(actor.platform),
            )
            await uow.deliveries.enqueue(
                Delivery(
                    # Each request is its own file, so the key is unique per request.
                    key=f"my-data:{person.id}:{uuid4().hex}",
                    outgoing=Outgoing(
                        my_data_file_message(today),
                        person.address,
                        attachment=Attachment.text(filename, document),
                    ),
                    not_before=now,
                )
            )
            await uow.commit()
        self.ctx.wake_outbox()
        return my_data_sent_message(filename)

    async def forget_me_prompt(self, actor: Actor) -> Message:
        """Ask the person to confirm, with a button that names their record."""
        async with self.ctx.uow() as uow:
            person = await uow.people.find(actor.platform, actor.user_id)
        if person is None or person.id is None:
            return nothing_held_message()
        return forget_me_prompt(person.id, self.ctx.names_for(actor.platform))

    async def keep(self, actor: Actor) -> Message:
        """The person changed their mind: nothing happens."""
        return kept_message()

    async def forget(self, actor: Actor, value: str) -> Message:
        """Erase the person who pressed the button; pressing it again does nothing more."""
        async with self.ctx.uow() as uow:
            person = await uow.people.find(actor.platform, actor.user_id)
            if person is None or person.id is None:
                return nothing_more_message()
            if value != str(person.id):  # a button from before they were forgotten
                return stale_request_message(self.ctx.names_for(actor.platform))
            records = await _enrolment_records(uow, person.id)
            cohorts: list[int | None] = [*sorted({r.enrolment.cohort_id for r in records})]
            seats = _seats_held(records, person)
            shared = await _shared_posts(uow, records)
            named = [
                q
                for q in (await uow.personal_data.held(person)).questions
                if not q.anonymous and q.status is not QuestionStatus.DRAFT
            ]
            erased = await uow.personal_data.anonymise({person.id: forgotten_token()})
            if not erased.people:  # another press got there first
                return nothing_more_message()
            await uow.personal_data.erase([person.id])
            now = self.ctx.clock.now()
            for cohort_id in cohorts or [None]:
                await uow.audit.add(AuditEntry(None, FORGET_ME, {}, cohort_id), now)
            await self._unname_for_moderators(uow, named, person)
            await _take_down(uow, shared)
            for cohort, organisation_id in seats:
                organisation = await uow.organisations.get(cohort.id or 0, organisation_id)
                if organisation is not None:
                    await fill_seats(self.ctx, uow, cohort, organisation, None)
            await uow.commit()
        self.ctx.wake_outbox()
        return forgotten_message()

    async def _unname_for_moderators(
        self, uow: UnitOfWork, named: Sequence[Question], person: Person
    ) -> None:
        """Show the moderators their questions as anonymous now, and their replies as the
        asker's, by updating the bot's own messages in place."""
        assert person.id is not None
        posts = await uow.questions.posts([q.id for q in named if q.id is not None])
        for question in named:
            assert question.id is not None
            cohort = await uow.cohorts.get(question.cohort_id)
            now_anonymous = await uow.questions.get(question.id)
            if cohort is None or now_anonymous is None or not cohort.moderators_channel:
                continue
            await self.threads.refresh_card(uow, cohort, now_anonymous)
            for post in _carried_from_asker(posts, question.id, person.id):
                message = to_moderators_message(ASKER, post.text, edited=False)
                to = moderators(cohort)
                outgoing = Outgoing(message, to, replaces=f"relay:{post.id}")
                await enqueue_to(uow, f"relay-edit:{post.id}:forgotten", outgoing, question)


def _carried_from_asker(posts: Sequence[Post], question_id: int, person_id: int) -> list[Post]:
    return [
        p
        for p in posts
        if p.question_id == question_id
        and p.author_id == person_id
        and p.side is Side.ASKER
        and not p.internal
    ]


async def _take_down(uow: UnitOfWork, posts: Sequence[Delivery]) -> None:
    """Replace each shared reflection's post in its channel with a note that it went."""
    for post in posts:
        outgoing = Outgoing(removed_reflection_message(), post.outgoing.to, replaces=post.key)
        await enqueue_to(uow, f"reflection-erased:{post.key.partition(':')[2]}", outgoing)


async def _shared_posts(uow: UnitOfWork, records: Sequence[EnrolmentRecords]) -> list[Delivery]:
    """The posts of the person's shared reflections that are in a channel now."""
    posts = []
    for record in records:
        for reflection in record.reflections:
            if reflection.shared:
                post = await uow.deliveries.get(f"reflection:{reflection.id}")
                if post is not None and post.status is DeliveryStatus.SENT:
                    posts.append(post)
    return posts


async def _enrolment_records(uow: UnitOfWork, person_id: int) -> list[EnrolmentRecords]:
    records = []
    for enrolment in await uow.enrolments.for_person(person_id):
        assert enrolment.id is not None
        records.append(
            EnrolmentRecords(
                enrolment,
                await uow.cohorts.get(enrolment.cohort_id),
                await uow.completions.for_enrolment(enrolment.id),
                await uow.reflections.for_enrolment(enrolment.id),
            )
        )
    return records


def _seats_held(records: Sequence[EnrolmentRecords], person: Person) -> list[tuple[Cohort, str]]:
    """The cohorts where the person holds a leader's seat, which the waitlist can then fill."""
    return [
        (r.cohort, person.organisation_id)
        for r in records
        if r.cohort is not None
        and person.organisation_id
        and r.enrolment.role is Role.LEADER
        and r.enrolment.status is EnrolmentStatus.ACTIVE
    ]


def _zone(enrolments: Sequence[EnrolmentRecords]) -> ZoneInfo:
    """Where the person's day is: their latest cohort's zone, else UTC."""
    cohorts = [r.cohort for r in enrolments if r.cohort is not None]
    return ZoneInfo(cohorts[-1].time_zone) if cohorts else ZoneInfo("UTC")
