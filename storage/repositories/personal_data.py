"""Everything held about a person: gathered for them, or erased.

Every table that points at a person is handled here (`PERSON_COLUMNS`); a test fails
when a table that points at a person is added without saying how it is erased.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    Text,
    case,
    cast,
    delete,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.expression import Executable

from bot.core.model import DeliveryStatus, EnrolmentStatus, Person, Role
from bot.core.outgoing import Address, AddressKind
from bot.core.personal_data import (
    FORGOTTEN_PREFIX,
    FORMER_PARTICIPANT,
    AuditRecord,
    DeliveryRecord,
    Erased,
    Forgetting,
    FormatVoteRecord,
    HeldRecords,
    Replacements,
    SeatRecord,
    VoteRecord,
    forgetting,
    scrub,
    unname,
)
from bot.core.questions import QuestionStatus
from storage.orm import (
    AnnouncementRow,
    AuditRow,
    Base,
    ChampionRow,
    CompletionRow,
    ConversationReferenceRow,
    DeliveryRow,
    DownloadRow,
    EnrolmentRow,
    InvitationRow,
    PersonRow,
    PollFormatVoteRow,
    PollRow,
    PollSlotRow,
    PollVoteRow,
    QuestionPostRow,
    QuestionRow,
    ReflectionRow,
    ReflectionSessionRow,
    SessionSeatRow,
)
from storage.repositories.downloads import SqlDownloadRepository
from storage.repositories.outbox import EMPTIED
from storage.repositories.questions import to_post, to_question
from storage.repositories.recruitment import to_champion, to_invitation

# Every column that points at a person, and what erasure does with its rows.
PERSON_COLUMNS = {
    "enrolments.person_id": "withdrawn, every detail cleared; completions and reflections deleted",
    "poll_votes.person_id": "deleted",
    "poll_format_votes.person_id": "deleted",
    "session_seats.person_id": "deleted",
    "champions.person_id": "deleted: they no longer recruit for their organisation",
    "invitations.person_id": "deleted, with the email address (purge: every invitation)",
    "questions.asker_id": "kept as anonymous text (drafts deleted)",
    "questions.claimed_by": "kept: points at the anonymised person",
    "question_posts.author_id": "kept: points at the anonymised person",
    "polls.created_by": "kept: points at the anonymised person",
    "audit_log.actor_person_id": "kept: points at the anonymised person",
}
# Every column of text, JSON or bytes, and what erasure takes out of it; a test fails
# when one is added without saying (a table holding people's words must be scrubbed).
TEXT_COLUMNS = {
    "questions.text": "theirs: every name, id and email address; others': see FREE_TEXT",
    "question_posts.text": "in their threads: every name, id and email; others': FREE_TEXT",
    "reflections.text": "theirs deleted; others': see FREE_TEXT",
    "session_seats.comment": "theirs deleted; others': see FREE_TEXT",
    "deliveries.payload": "to them: deleted or emptied; about them: unnamed (emptied if sent)",
    "conversation_references.reference": "theirs deleted; a channel's unnamed",
    "audit_log.details": "entries about them keep no details; others unnamed",
    "downloads.title": "files for them or naming them deleted",
    "downloads.content": "files for them or naming them deleted",
    "deliveries.error": "kept: the platform's error, naming nobody",
    "cohorts.privacy_text": "kept: the coordinators' privacy notice",
    "enrolments.done_at_replan": "cleared with the enrolment: module ids",
    "polls.formats": "kept: session formats a coordinator chose",
    "progress_snapshots.figures": "kept: counts without names",
    "reflection_sessions.place": "kept: where a session meets, as a coordinator wrote it",
    "reflection_sessions.notes": "a coordinator's notes: see FREE_TEXT",
    "announcements.text": "a coordinator's announcement: see FREE_TEXT",
}
# Text people write freely, where someone may have named the person.
FREE_TEXT = (
    (AnnouncementRow, AnnouncementRow.text),
    (QuestionRow, QuestionRow.text),
    (QuestionPostRow, QuestionPostRow.text),
    (ReflectionRow, ReflectionRow.text),
    (SessionSeatRow, SessionSeatRow.comment),
    (ReflectionSessionRow, ReflectionSessionRow.notes),
)
# An enrolment keeps its cohort, person and role, so counts of who left still add up.
ENROLMENT_KEPT = {"id", "cohort_id", "person_id", "role", "status"}
# Look for this many words at once, so a purge of thousands stays a few queries.
NEEDLES_PER_QUERY = 50
PEOPLE_PER_QUERY = 500
PENDING = DeliveryStatus.PENDING.value


@dataclass(frozen=True)
class _Forgotten:
    person_id: int
    platform: str
    platform_user_id: str
    token: str
    name: str


class SqlPersonalDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def held(self, person: Person) -> HeldRecords:
        """What is held about a person beyond their enrolments, a query a kind."""
        assert person.id is not None
        session, pid = self._session, person.id
        questions = await session.scalars(
            select(QuestionRow).where(QuestionRow.asker_id == pid).order_by(QuestionRow.id)
        )
        posts = await session.scalars(
            select(QuestionPostRow)
            .where(QuestionPostRow.author_id == pid)
            .order_by(QuestionPostRow.at, QuestionPostRow.id)
        )
        votes = await session.execute(
            select(
                PollRow.title, PollSlotRow.starts_at, PollSlotRow.minutes, PollVoteRow.availability
            )
            .join(PollSlotRow, PollSlotRow.id == PollVoteRow.slot_id)
            .join(PollRow, PollRow.id == PollVoteRow.poll_id)
            .where(PollVoteRow.person_id == pid)
            .order_by(PollSlotRow.starts_at, PollVoteRow.id)
        )
        format_votes = await session.execute(
            select(PollRow.title, PollFormatVoteRow.choice)
            .join(PollRow, PollRow.id == PollFormatVoteRow.poll_id)
            .where(PollFormatVoteRow.person_id == pid)
            .order_by(PollFormatVoteRow.id)
        )
        seats = await session.execute(
            select(
                PollRow.title,
                ReflectionSessionRow.starts_at,
                ReflectionSessionRow.minutes,
                ReflectionSessionRow.format,
                SessionSeatRow.attended,
                SessionSeatRow.rating,
                SessionSeatRow.comment,
            )
            .join(ReflectionSessionRow, ReflectionSessionRow.id == SessionSeatRow.session_id)
            .join(PollRow, PollRow.id == ReflectionSessionRow.poll_id)
            .where(SessionSeatRow.person_id == pid)
            .order_by(ReflectionSessionRow.starts_at, SessionSeatRow.id)
        )
        deliveries = await session.execute(
            select(
                DeliveryRow.key, DeliveryRow.status, DeliveryRow.created_at, DeliveryRow.updated_at
            )
            .where(
                DeliveryRow.platform == person.platform,
                DeliveryRow.address_kind == AddressKind.PERSON.value,
                DeliveryRow.recipient == person.platform_user_id,
            )
            .order_by(DeliveryRow.id)
        )
        return HeldRecords(
            questions=[to_question(row) for row in questions],
            posts=[to_post(row) for row in posts],
            votes=[VoteRecord(*row) for row in votes],
            format_votes=[FormatVoteRecord(*row) for row in format_votes],
            seats=[SeatRecord(*row) for row in seats],
            deliveries=[
                DeliveryRecord(key, DeliveryStatus(status), queued, changed)
                for key, status, queued, changed in deliveries
            ],
            audit=await self._audit_about(pid),
            champions=[
                to_champion(row)
                for row in await session.scalars(
                    select(ChampionRow).where(ChampionRow.person_id == pid)
                )
            ],
            invitations=[
                to_invitation(row)
                for row in await session.scalars(
                    select(InvitationRow)
                    .where(InvitationRow.person_id == pid)
                    .order_by(InvitationRow.id)
                )
            ],
        )

    async def leaders_in(self, cohort_id: int) -> dict[int, frozenset[int]]:
        """Everyone who was a leader in the cohort, in any status, with every cohort each
        of them is enrolled in (in any role), in one query."""
        leaders = select(EnrolmentRow.person_id).where(
            EnrolmentRow.cohort_id == cohort_id, EnrolmentRow.role == Role.LEADER.value
        )
        result = await self._session.execute(
            select(EnrolmentRow.person_id, EnrolmentRow.cohort_id).where(
                EnrolmentRow.person_id.in_(leaders)
            )
        )
        cohorts: dict[int, set[int]] = {}
        for person_id, enrolled_in in result:
            cohorts.setdefault(person_id, set()).add(enrolled_in)
        return {person_id: frozenset(ids) for person_id, ids in cohorts.items()}

    async def erase(self, person_ids: Sequence[int], cohort_id: int | None = None) -> Erased:
        """Erase what these people did, in one cohort or (with None) everywhere.

        Completions, reflections (and a shared one still waiting to be posted), poll
        answers, format choices, session seats, unsent draft questions, champion roles
        and invitations are deleted; enrolments are withdrawn with every detail cleared;
        questions stay as anonymous text. The people themselves are left as they are:
        see `anonymise`.
        """
        ids = list(person_ids)
        if not ids:
            return Erased()
        session = self._session
        enrolments = select(EnrolmentRow.id).where(EnrolmentRow.person_id.in_(ids))
        polls = select(PollRow.id)
        questions: ColumnElement[bool] = QuestionRow.asker_id.in_(ids)
        champions: ColumnElement[bool] = ChampionRow.person_id.in_(ids)
        invitations: ColumnElement[bool] = InvitationRow.person_id.in_(ids)
        if cohort_id is not None:
            enrolments = enrolments.where(EnrolmentRow.cohort_id == cohort_id)
            polls = polls.where(PollRow.cohort_id == cohort_id)
            questions = questions & (QuestionRow.cohort_id == cohort_id)
            champions = champions & (ChampionRow.cohort_id == cohort_id)
            invitations = invitations & (InvitationRow.cohort_id == cohort_id)
        reflection_ids = await session.scalars(
            select(ReflectionRow.id).where(ReflectionRow.enrolment_id.in_(enrolments))
        )
        shared = [f"reflection:{reflection_id}" for reflection_id in reflection_ids]
        if shared:
            await session.execute(
                delete(DeliveryRow).where(
                    DeliveryRow.key.in_(shared), DeliveryRow.status == PENDING
                )
            )
        sessions = select(ReflectionSessionRow.id).where(ReflectionSessionRow.poll_id.in_(polls))
        return Erased(
            completions=await self._delete(
                delete(CompletionRow).where(CompletionRow.enrolment_id.in_(enrolments))
            ),
            reflections=await self._delete(
                delete(ReflectionRow).where(ReflectionRow.enrolment_id.in_(enrolments))
            ),
            poll_votes=await self._delete(
                delete(PollVoteRow).where(
                    PollVoteRow.person_id.in_(ids), PollVoteRow.poll_id.in_(polls)
                )
            ),
            format_votes=await self._delete(
                delete(PollFormatVoteRow).where(
                    PollFormatVoteRow.person_id.in_(ids), PollFormatVoteRow.poll_id.in_(polls)
                )
            ),
            seats=await self._delete(
                delete(SessionSeatRow).where(
                    SessionSeatRow.person_id.in_(ids), SessionSeatRow.session_id.in_(sessions)
                )
            ),
            drafts=await self._delete(
                delete(QuestionRow).where(
                    questions, QuestionRow.status == QuestionStatus.DRAFT.value
                )
            ),
            questions=await self._delete(
                update(QuestionRow)
                .where(questions, QuestionRow.anonymous.is_(False))
                .values(anonymous=True)
            ),
            enrolments=await self._withdraw(enrolments),
            champions=await self._delete(delete(ChampionRow).where(champions)),
            invitations=await self._delete(delete(InvitationRow).where(invitations)),
        )

    async def erase_invitations(self, cohort_id: int) -> Erased:
        """Delete every invitation of the cohort, with the email addresses it was sent to."""
        deleted = await self._delete(
            delete(InvitationRow).where(InvitationRow.cohort_id == cohort_id)
        )
        return Erased(invitations=deleted)

    async def anonymise(self, tokens: Mapping[int, str]) -> Erased:
        """Make each person (by id) a former participant known by their new token.

        Their name becomes `FORMER_PARTICIPANT` and their organisation, seniority and
        time zone are cleared. Messages waiting to be sent to them are deleted; those
        already sent keep their key and status but lose their content and recipient.
        Files kept behind a download link for them, or naming them, are deleted.
        Their name and platform id are taken out of every other message, the audit
        log and free text. A person anonymised before is left alone, so two erasures
        at once anonymise once. Returns the people anonymised and the messages deleted.
        """
        session = self._session
        rows = await session.execute(
            select(
                PersonRow.id, PersonRow.platform, PersonRow.platform_user_id, PersonRow.display_name
            )
            .where(PersonRow.id.in_(list(tokens)))
            .where(PersonRow.platform_user_id.not_like(f"{FORGOTTEN_PREFIX}%"))
            .order_by(PersonRow.id)
        )
        forgotten: list[_Forgotten] = []
        for person_id, platform, platform_user_id, name in rows.all():
            token = tokens[person_id]
            # Conditional: of two erasures at once, only one finds the old id.
            claimed = await session.execute(
                update(PersonRow)
                .where(PersonRow.id == person_id, PersonRow.platform_user_id == platform_user_id)
                .values(
                    display_name=FORMER_PARTICIPANT,
                    platform_user_id=token,
                    organisation_id=None,
                    seniority=None,
                    time_zone=None,
                )
                .returning(PersonRow.id)
            )
            if claimed.first() is not None:
                forgotten.append(_Forgotten(person_id, platform, platform_user_id, token, name))
        if not forgotten:
            return Erased()
        words = await self._forgetting(forgotten)
        deleted = await self._forget_deliveries(forgotten)
        downloads = await self._forget_downloads(forgotten, words.elsewhere)
        person_ids = [p.person_id for p in forgotten]
        await session.execute(
            update(QuestionPostRow)
            .where(QuestionPostRow.author_id.in_(person_ids))
            .values(source=FORGOTTEN_PREFIX + cast(QuestionPostRow.id, Text))
        )
        await self._scrub_their_threads(person_ids, words.about_them)
        await self._scrub_references(words.elsewhere)
        await self._scrub_deliveries(words.elsewhere)
        await self._scrub_audit(words.elsewhere, set(person_ids))
        await self._scrub_free_text(words.elsewhere)
        return Erased(people=len(forgotten), deliveries=deleted, downloads=downloads)

    async def _forgetting(self, forgotten: Sequence[_Forgotten]) -> Forgetting:
        """What to take out of text for them: their names, ids and the email addresses
        they were invited at; and whose first names others share."""
        ids = [p.person_id for p in forgotten]
        emails = await self._session.scalars(
            select(InvitationRow.email).where(InvitationRow.person_id.in_(ids))
        )
        others = await self._session.scalars(
            select(PersonRow.display_name)
            .where(PersonRow.platform_user_id.not_like(f"{FORGOTTEN_PREFIX}%"))
            .distinct()
        )
        people = [(Person(p.platform, p.platform_user_id, p.name), p.token) for p in forgotten]
        return forgetting(people, set(emails), list(others))

    async def _delete(self, statement: Executable) -> int:
        """Run a DELETE or UPDATE; how many rows it changed."""
        result = await self._session.execute(
            statement, execution_options={"synchronize_session": False}
        )
        return int(typing.cast(CursorResult[Any], result).rowcount or 0)

    async def _withdraw(self, enrolments: Select[Any]) -> int:
        """Withdraw and clear every detail the enrolment held, whatever columns it has."""
        columns = EnrolmentRow.__table__.columns
        # null(): SQL NULL, also in JSON columns, where None would store JSON's null.
        cleared: dict[str, object] = {
            c.key: null() for c in columns if c.nullable and c.key not in ENROLMENT_KEPT
        }
        cleared.update(plan_start_week=1, behind_reminders=True)
        changed = or_(
            EnrolmentRow.status != EnrolmentStatus.WITHDRAWN.value,
            *(columns[key].is_not(None) for key in cleared if columns[key].nullable),
        )
        return await self._delete(
            update(EnrolmentRow)
            .where(EnrolmentRow.id.in_(enrolments), changed)
            .values(status=EnrolmentStatus.WITHDRAWN.value, **cleared)
        )

    async def _forget_deliveries(self, forgotten: Sequence[_Forgotten]) -> int:
        """Delete what waits for them, and how to write to them first; keep only the key,
        status and time of what went.

        A few hundred people a statement, so a purge of thousands scans the outbox a few
        times, not once a person.
        """
        deleted = 0
        for start in range(0, len(forgotten), PEOPLE_PER_QUERY):
            chunk = forgotten[start : start + PEOPLE_PER_QUERY]
            for platform in {p.platform for p in chunk}:
                tokens = {p.platform_user_id: p.token for p in chunk if p.platform == platform}
                addressed = (
                    (DeliveryRow.platform == platform)
                    & (DeliveryRow.address_kind == AddressKind.PERSON.value)
                    & DeliveryRow.recipient.in_(tokens)
                )
                deleted += await self._delete(
                    delete(DeliveryRow).where(addressed, DeliveryRow.status == PENDING)
                )
                # How to write to them first (Teams): it holds their name and id.
                await self._delete(
                    delete(ConversationReferenceRow).where(
                        ConversationReferenceRow.platform == platform,
                        ConversationReferenceRow.kind == AddressKind.PERSON.value,
                        ConversationReferenceRow.address_id.in_(tokens),
                    )
                )
                await self._delete(
                    update(DeliveryRow)
                    .where(addressed)
                    .values(
                        recipient=case(tokens, value=DeliveryRow.recipient),
                        payload=EMPTIED,
                        platform_ref=None,
                        error=None,
                    )
                )
        return deleted

    async def _forget_downloads(
        self, forgotten: Sequence[_Forgotten], replacements: Replacements
    ) -> int:
        """Delete the files kept for them, and any other kept file that names them (a
        coordinator's export): files are not edited, and they expire in days anyway."""
        addresses = [Address.person(p.platform, p.platform_user_id) for p in forgotten]
        deleted = await SqlDownloadRepository(self._session).erase_for(addresses)
        pattern = replacements.pattern()
        if pattern is None:
            return deleted
        naming = []
        files = await self._session.stream(
            select(DownloadRow.token, DownloadRow.content).execution_options(yield_per=100)
        )
        async for token, content in files:
            if pattern.search(bytes(content).decode("utf-8", errors="ignore")):
                naming.append(token)
        if naming:
            deleted += await self._delete(delete(DownloadRow).where(DownloadRow.token.in_(naming)))
        return deleted

    async def _scrub_their_threads(
        self, person_ids: Sequence[int], replacements: Replacements
    ) -> None:
        """Their questions and everything in those questions' threads, whoever wrote it
        (the bot's copies in the outbox too), lose every name, id and email address."""
        theirs = select(QuestionRow.id).where(QuestionRow.asker_id.in_(person_ids))
        asked = QuestionRow.asker_id.in_(person_ids)
        in_thread = or_(
            QuestionPostRow.question_id.in_(theirs), QuestionPostRow.author_id.in_(person_ids)
        )
        for found_text, column in (
            (await self._loaded(QuestionRow, asked), QuestionRow.text),
            (await self._loaded(QuestionPostRow, in_thread), QuestionPostRow.text),
        ):
            for row in found_text:
                _rewrite(row, column.key, scrub(getattr(row, column.key), replacements))
        await self._session.flush()
        for found in await self._loaded(DeliveryRow, DeliveryRow.question_id.in_(theirs)):
            await self._rewrite_payload(found, scrub(found.payload, replacements))

    async def _loaded[R: Base](self, row_type: type[R], where: ColumnElement[bool]) -> list[R]:
        rows = await self._session.scalars(
            select(row_type).where(where).execution_options(populate_existing=True)
        )
        return list(rows)

    async def _scrub_references(self, replacements: Replacements) -> None:
        """A channel's reference names whoever wrote there last, perhaps them."""
        reference_text = cast(ConversationReferenceRow.reference, Text)
        for found in await self._matching(ConversationReferenceRow, reference_text, replacements):
            _rewrite(found, "reference", unname(found.reference, replacements))
        await self._session.flush()

    async def _scrub_deliveries(self, replacements: Replacements) -> None:
        """Messages to others that name them: one still waiting goes without the name;
        one already sent keeps no content at all."""
        payload_text = cast(DeliveryRow.payload, Text)
        for found in await self._matching(DeliveryRow, payload_text, replacements):
            await self._rewrite_payload(found, unname(found.payload, replacements))

    async def _rewrite_payload(self, found: DeliveryRow, changed: object) -> None:
        """Keep a message's changed content if it still waits; one already sent keeps none."""
        if changed == found.payload:
            return
        kept = changed if found.status == PENDING else EMPTIED
        await self._session.execute(
            update(DeliveryRow).where(DeliveryRow.id == found.id).values(payload=kept)
        )

    async def _scrub_audit(self, replacements: Replacements, person_ids: set[int]) -> None:
        """Entries about them keep their action and time, not what they said about them."""
        rows = await self._session.scalars(
            select(AuditRow)
            .where(cast(AuditRow.details, Text).contains("person_id"))
            .execution_options(populate_existing=True)
        )
        about = [row for row in rows if _names_person(row.details, person_ids)]
        for row in about:
            row.details = {"person": FORMER_PARTICIPANT}
        details_text = cast(AuditRow.details, Text)
        for found in await self._matching(AuditRow, details_text, replacements):
            changed = unname(found.details, replacements)
            if changed != found.details:
                assert isinstance(changed, dict)
                found.details = changed
        await self._session.flush()

    async def _scrub_free_text(self, replacements: Replacements) -> None:
        for row_type, column in FREE_TEXT:
            for found in await self._matching(row_type, column, replacements):
                _rewrite(found, column.key, unname(getattr(found, column.key), replacements))
        await self._session.flush()

    async def _matching[R: Base](
        self,
        row_type: type[R],
        text: ColumnElement[Any] | QueryableAttribute[Any],
        replacements: Replacements,
    ) -> list[R]:
        """Rows whose text holds any of the words, a few words a query."""
        needles = replacements.needles()
        found: dict[object, R] = {}
        for start in range(0, len(needles), NEEDLES_PER_QUERY):
            chunk = needles[start : start + NEEDLES_PER_QUERY]
            rows = await self._session.scalars(
                select(row_type)
                .where(or_(*(text.icontains(n, autoescape=True) for n in chunk)))
                .execution_options(populate_existing=True)
            )
            for row in rows:
                found[id(row)] = row
        return list(found.values())

    async def _audit_about(self, person_id: int) -> list[AuditRecord]:
        rows = await self._session.scalars(
            select(AuditRow)
            .where(
                or_(
                    AuditRow.actor_person_id == person_id,
                    cast(AuditRow.details, Text).contains("person_id"),
                )
            )
            .order_by(AuditRow.at, AuditRow.id)
        )
        return [
            AuditRecord(row.action, row.at, row.actor_person_id == person_id)
            for row in rows
            if row.actor_person_id == person_id or _names_person(row.details, {person_id})
        ]


def _rewrite(row: Base, key: str, changed: object) -> None:
    """Set a text column of a loaded row, only if its text changed (a flush writes only those)."""
    if changed != getattr(row, key):
        setattr(row, key, changed)


def _names_person(details: object, person_ids: set[int]) -> bool:
    """Whether audit details name one of these people by id, under any "*person_id" key."""
    if isinstance(details, dict):
        return any(
            (str(key).endswith("person_id") and value in person_ids)
            or _names_person(value, person_ids)
            for key, value in details.items()
        )
    if isinstance(details, list):
        return any(_names_person(item, person_ids) for item in details)
    return False
