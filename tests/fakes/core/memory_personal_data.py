"""What is held about people, gathered or erased, in memory as the SQL version does it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from bot.core.downloads import Download
from bot.core.messages import Message
from bot.core.model import DeliveryStatus, Enrolment, EnrolmentStatus, Person, Role
from bot.core.outgoing import Address, Outgoing
from bot.core.personal_data import (
    FORGOTTEN_PREFIX,
    FORMER_PARTICIPANT,
    AuditRecord,
    DeliveryRecord,
    Erased,
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
from tests.fakes.core.rows import (
    ANNOUNCEMENTS,
    AUDIT,
    CHAMPIONS,
    COMPLETIONS,
    CONVERSATION_REFERENCES,
    DELIVERIES,
    DOWNLOADS,
    ENROLMENTS,
    FORMAT_VOTES,
    INVITATIONS,
    PEOPLE,
    POLLS,
    POSTS,
    QUESTIONS,
    REFLECTIONS,
    SEATS,
    SESSIONS,
    SLOTS,
    VOTES,
    DeliveryRow,
)
from tests.fakes.core.tables import TableName, WorkingSet, fresh

PENDING = DeliveryStatus.PENDING
# Text people write freely, where someone may have named the person.
FREE_TEXT: tuple[tuple[TableName[int, Any], str], ...] = (
    (ANNOUNCEMENTS, "text"),
    (QUESTIONS, "text"),
    (POSTS, "text"),
    (REFLECTIONS, "text"),
    (SEATS, "comment"),
)


class MemoryPersonalDataRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def held(self, person: Person) -> HeldRecords:
        """Everything about a person not reached through their enrolments."""
        assert person.id is not None
        w, pid = self._work, person.id
        polls, slots, sessions = w.table(POLLS), w.table(SLOTS), w.table(SESSIONS)
        votes = sorted(
            (r for r in w.table(VOTES).values() if r.vote.person_id == pid),
            key=lambda r: (slots[r.vote.slot_id].starts_at, r.id),
        )
        seats = sorted(
            ((i, s) for i, s in w.table(SEATS).items() if s.person_id == pid),
            key=lambda item: (slots[sessions[item[1].session_id].slot_id].starts_at, item[0]),
        )
        deliveries = [
            r
            for _, r in sorted(w.table(DELIVERIES).items())
            if (r.delivery.platform, r.delivery.recipient)
            == (person.platform, person.platform_user_id)
        ]
        audit = sorted(w.table(AUDIT).values(), key=lambda r: (r.at, r.id))
        return HeldRecords(
            questions=[
                fresh(q) for _, q in sorted(w.table(QUESTIONS).items()) if q.asker_id == pid
            ],
            posts=sorted(
                (fresh(p) for p in w.table(POSTS).values() if p.author_id == pid),
                key=lambda p: (p.at, p.id or 0),
            ),
            votes=[
                VoteRecord(
                    polls[r.vote.poll_id].title,
                    slots[r.vote.slot_id].starts_at,
                    slots[r.vote.slot_id].minutes,
                    r.vote.availability.value,
                )
                for r in votes
            ],
            format_votes=[
                FormatVoteRecord(polls[r.vote.poll_id].title, r.vote.choice)
                for r in sorted(w.table(FORMAT_VOTES).values(), key=lambda r: r.id)
                if r.vote.person_id == pid
            ],
            seats=[_seat_record(w, seat) for _, seat in seats],
            deliveries=[
                DeliveryRecord(r.delivery.key, r.delivery.status, r.created_at, r.updated_at)
                for r in deliveries
            ],
            audit=[
                AuditRecord(r.entry.action, r.at, r.entry.actor_person_id == pid)
                for r in audit
                if r.entry.actor_person_id == pid or names_person(r.entry.details, {pid})
            ],
            champions=[c for _, c in sorted(w.table(CHAMPIONS).items()) if c.person_id == pid],
            invitations=[
                r.invitation
                for r in sorted(w.table(INVITATIONS).values(), key=lambda r: r.id)
                if r.invitation.person_id == pid
            ],
        )

    async def leaders_in(self, cohort_id: int) -> dict[int, frozenset[int]]:
        """Everyone who was a leader in the cohort (in any status), with every cohort
        each of them is enrolled in, in any role."""
        enrolments = self._work.table(ENROLMENTS).values()
        leaders = {
            e.person_id for e in enrolments if e.cohort_id == cohort_id and e.role is Role.LEADER
        }
        cohorts: dict[int, set[int]] = {}
        for e in enrolments:
            if e.person_id in leaders:
                cohorts.setdefault(e.person_id, set()).add(e.cohort_id)
        return {person_id: frozenset(ids) for person_id, ids in cohorts.items()}

    async def erase(self, person_ids: Sequence[int], cohort_id: int | None = None) -> Erased:
        """Delete what these people did, in one cohort or (None) everywhere; withdraw their
        enrolments, clearing their details; keep their questions as anonymous text."""
        ids = set(person_ids)
        if not ids:
            return Erased()
        w = self._work

        def in_scope(cohort: int) -> bool:
            return cohort_id is None or cohort == cohort_id

        enrolments = {
            i
            for i, e in w.table(ENROLMENTS).items()
            if e.person_id in ids and in_scope(e.cohort_id)
        }
        polls = {i for i, p in w.table(POLLS).items() if in_scope(p.cohort_id)}
        sessions = {i for i, s in w.table(SESSIONS).items() if s.poll_id in polls}
        reflections = {i for i, r in w.table(REFLECTIONS).items() if r.enrolment_id in enrolments}
        shared = {f"reflection:{i}" for i in reflections}
        _delete(w, DELIVERIES, lambda r: r.delivery.key in shared and r.delivery.status is PENDING)
        questions = w.table(QUESTIONS)
        mine = {i for i, q in questions.items() if q.asker_id in ids and in_scope(q.cohort_id)}
        drafts = {i for i in mine if questions[i].status is QuestionStatus.DRAFT}
        erased = Erased(
            completions=_delete(w, COMPLETIONS, lambda r: r.completion.enrolment_id in enrolments),
            reflections=_delete(w, REFLECTIONS, lambda r: r.enrolment_id in enrolments),
            poll_votes=_delete(
                w, VOTES, lambda r: r.vote.person_id in ids and r.vote.poll_id in polls
            ),
            format_votes=_delete(
                w, FORMAT_VOTES, lambda r: r.vote.person_id in ids and r.vote.poll_id in polls
            ),
            seats=_delete(w, SEATS, lambda s: s.person_id in ids and s.session_id in sessions),
            drafts=_delete(w, QUESTIONS, lambda q: q.id in drafts),
        )
        _delete(w, POSTS, lambda p: p.question_id in drafts)  # the foreign key cascades
        anonymised = 0
        for i in sorted(mine - drafts):
            if not questions[i].anonymous:
                questions[i] = replace(questions[i], anonymous=True)
                anonymised += 1
        champions = _delete(w, CHAMPIONS, lambda c: c.person_id in ids and in_scope(c.cohort_id))
        invitations = _delete(
            w,
            INVITATIONS,
            lambda r: r.invitation.person_id in ids and in_scope(r.invitation.cohort_id),
        )
        return replace(
            erased,
            questions=anonymised,
            enrolments=self._withdraw(enrolments),
            champions=champions,
            invitations=invitations,
        )

    async def erase_invitations(self, cohort_id: int) -> Erased:
        """Delete every invitation of the cohort, with the email addresses it went to."""
        return Erased(
            invitations=_delete(
                self._work, INVITATIONS, lambda r: r.invitation.cohort_id == cohort_id
            )
        )

    async def anonymise(self, tokens: Mapping[int, str]) -> Erased:
        """Make each person (by id) a former participant known only by the new token,
        and take their name and platform id out of every message and note; a person
        anonymised before is left alone."""
        people = self._work.table(PEOPLE)
        forgotten: list[tuple[Person, str]] = []
        for person_id in sorted(tokens):
            person = people.get(person_id)
            if person is None or person.platform_user_id.startswith(FORGOTTEN_PREFIX):
                continue
            token = tokens[person_id]
            people[person_id] = replace(
                person,
                display_name=FORMER_PARTICIPANT,
                platform_user_id=token,
                organisation_id=None,
                seniority=None,
                time_zone=None,
            )
            forgotten.append((person, token))
        if not forgotten:
            return Erased()
        authors = {person.id for person, _ in forgotten}
        emails = {
            r.invitation.email
            for r in self._work.table(INVITATIONS).values()
            if r.invitation.person_id in authors
        }
        others = [
            p.display_name
            for p in people.values()
            if not p.platform_user_id.startswith(FORGOTTEN_PREFIX)
        ]
        words = forgetting(forgotten, emails, others)
        deleted = self._forget_deliveries(forgotten)
        downloads = self._forget_downloads(forgotten, words.elsewhere)
        posts = self._work.table(POSTS)
        for post_id, post in posts.items():
            if post.author_id in authors:
                posts[post_id] = replace(post, source=f"{FORGOTTEN_PREFIX}{post_id}")
        self._scrub_their_threads(authors, words.about_them)
        self._scrub(words.elsewhere, authors)
        return Erased(people=len(forgotten), deliveries=deleted, downloads=downloads)

    def _scrub_their_threads(self, authors: set[int | None], replacements: Replacements) -> None:
        """Their questions and their threads lose every name, id and email address."""
        w = self._work
        questions = w.table(QUESTIONS)
        theirs = {i for i, q in questions.items() if q.asker_id in authors}
        for i in theirs:
            questions[i] = replace(questions[i], text=str(scrub(questions[i].text, replacements)))
        posts = w.table(POSTS)
        for i, post in posts.items():
            if post.question_id in theirs or post.author_id in authors:
                posts[i] = replace(post, text=str(scrub(post.text, replacements)))
        deliveries = w.table(DELIVERIES)
        for i, row in deliveries.items():
            if row.delivery.question_id in theirs:
                deliveries[i] = _rewritten(row, lambda payload: scrub(payload, replacements))

    def _withdraw(self, enrolment_ids: Collection[int]) -> int:
        """Withdraw and clear every detail the enrolment held; how many changed."""
        table, changed = self._work.table(ENROLMENTS), 0
        for i in sorted(enrolment_ids):
            e = table[i]
            cleared = Enrolment(
                e.cohort_id, e.person_id, e.role, status=EnrolmentStatus.WITHDRAWN, id=i
            )
            # As the SQL's WHERE: only a row that is not withdrawn, or holds a detail, changes.
            if _nullable_details(e) != _nullable_details(cleared) or e.status != cleared.status:
                table[i] = cleared
                changed += 1
        return changed

    def _forget_deliveries(self, forgotten: Sequence[tuple[Person, str]]) -> int:
        """Delete what waits for them; keep only the key, status and times of what went."""
        addressed = {p.address: token for p, token in forgotten}

        def to_them(address: Address) -> bool:
            return address in addressed

        deleted = _delete(
            self._work,
            DELIVERIES,
            lambda r: to_them(r.delivery.outgoing.to) and r.delivery.status is PENDING,
        )
        _delete(self._work, CONVERSATION_REFERENCES, lambda r: to_them(r.address))
        deliveries = self._work.table(DELIVERIES)
        for i, row in deliveries.items():
            token = addressed.get(row.delivery.outgoing.to)
            if token is not None:
                outgoing = row.delivery.outgoing
                emptied = Outgoing(Message(""), replace(outgoing.to, id=token))
                kept = replace(row.delivery, outgoing=emptied, platform_ref=None, error=None)
                deliveries[i] = replace(row, delivery=kept)
        return deleted

    def _forget_downloads(
        self, forgotten: Sequence[tuple[Person, str]], replacements: Replacements
    ) -> int:
        """Delete the files kept for them, and any other kept file that names them."""
        addresses = {p.address for p, _ in forgotten}
        pattern = replacements.pattern()

        def doomed(download: Download) -> bool:
            text = download.content.decode("utf-8", errors="ignore")
            return download.to in addresses or bool(pattern and pattern.search(text))

        return _delete(self._work, DOWNLOADS, doomed)

    def _scrub(self, replacements: Replacements, person_ids: set[int | None]) -> None:
        """Take their names, platform id and email addresses out of messages, the audit
        log and free text; a text that named them loses every email address too."""
        w = self._work
        deliveries = w.table(DELIVERIES)
        for i, row in deliveries.items():
            deliveries[i] = _rewritten(row, lambda payload: unname(payload, replacements))
        references = w.table(CONVERSATION_REFERENCES)
        for address, found in references.items():
            reference = unname(dict(found.reference), replacements)
            assert isinstance(reference, dict)
            references[address] = replace(found, reference=reference)
        audit = w.table(AUDIT)
        for i, entry_row in audit.items():
            details: Any = entry_row.entry.details
            if names_person(details, person_ids):
                details = {"person": FORMER_PARTICIPANT}
            details = unname(details, replacements)
            if details != entry_row.entry.details:
                audit[i] = replace(entry_row, entry=replace(entry_row.entry, details=details))
        for table, field in FREE_TEXT:
            rows: dict[int, Any] = w.table(table)
            for i, row in rows.items():
                text = getattr(row, field)
                if text is not None and (changed_text := unname(text, replacements)) != text:
                    rows[i] = replace(row, **{field: changed_text})


def _rewritten(row: DeliveryRow, change: Callable[[object], object]) -> DeliveryRow:
    """The row with its message changed; a message already sent keeps no content at all."""
    outgoing = row.delivery.outgoing
    payload = {k: v for k, v in outgoing.to_json().items() if k != "to"}
    changed = change(payload)
    if changed == payload:
        return row
    assert isinstance(changed, dict)
    if row.delivery.status is PENDING:
        kept = Outgoing.from_json({**changed, "to": outgoing.to.to_json()})
    else:
        kept = Outgoing(Message(""), outgoing.to)
    return replace(row, delivery=replace(row.delivery, outgoing=kept))


def _nullable_details(e: Enrolment) -> tuple[object, ...]:
    r = e.rhythm
    return (
        e.pace,
        e.joined_at,
        r.done_at_replan or None,
        r.nudge_weekday,
        r.nudge_time,
        r.paused_until,
        e.job_title,
        e.consented_at,
        e.waitlisted_at,
    )


def _seat_record(w: WorkingSet, seat: Any) -> SeatRecord:
    session = w.table(SESSIONS)[seat.session_id]
    slot = w.table(SLOTS)[session.slot_id]
    poll = w.table(POLLS)[session.poll_id]
    return SeatRecord(
        poll.title,
        slot.starts_at,
        slot.minutes,
        session.format,
        seat.attended,
        seat.rating,
        seat.comment,
    )


def _delete[V](w: WorkingSet, table: TableName[Any, V], doomed: Callable[[V], bool]) -> int:
    rows = w.table(table)
    keys = [key for key, row in rows.items() if doomed(row)]
    for key in keys:
        del rows[key]
    return len(keys)


def names_person(details: object, person_ids: Collection[int | None]) -> bool:
    """Whether audit details name one of these people by id, under any "*person_id" key."""
    if isinstance(details, dict):
        return any(
            (str(key).endswith("person_id") and value in person_ids)
            or names_person(value, person_ids)
            for key, value in details.items()
        )
    if isinstance(details, list):
        return any(names_person(item, person_ids) for item in details)
    return False
