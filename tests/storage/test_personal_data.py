"""Everything held about a person, erased: no table keeps their name or platform id.

The search goes through every table SQLAlchemy knows (storage/orm.py) and every column
holding text or JSON, so a table added later is searched too.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import JSON, LargeBinary, String, Text, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli import main
from bot.core.clock import ManualClock
from bot.core.downloads import Download
from bot.core.messages import Message
from bot.core.model import (
    AuditEntry,
    Cohort,
    Completion,
    Delivery,
    DeliveryStatus,
    Enrolment,
    EnrolmentStatus,
    Organisation,
    Person,
    Rhythm,
    Role,
    Seniority,
)
from bot.core.outgoing import Address, Attachment, ConversationReference, Outgoing
from bot.core.personal_data import (
    EMAIL_REMOVED,
    FORGOTTEN_PREFIX,
    FORMER_PARTICIPANT,
    forgotten_token,
)
from bot.core.polls import FormatVote, Poll, ReflectionSession, Seat, SlotPlan, Vote
from bot.core.questions import Post, Question, QuestionStatus, Side
from bot.core.reflection import Reflection
from bot.core.services.retention import Retention
from bot.core.slot_choice import Availability
from storage.engine import make_engine, make_session_factory
from storage.orm import (
    AuditRow,
    Base,
    ChampionRow,
    CompletionRow,
    DownloadRow,
    EnrolmentRow,
    InvitationRow,
    ProgressSnapshotRow,
)
from storage.repositories.personal_data import PERSON_COLUMNS, TEXT_COLUMNS
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON, camden_cohort

# A name JSON escapes (ë), and a platform id as Slack gives them.
AMIRA_NAME, AMIRA_ID = "Amira Zoë Khan", "U0AMIRA001"
BEN_NAME, BEN_ID = "Ben Adeyemi", "U0BEN00001"
SAM_NAME, SAM_ID = "Sam Okafor", "U0SAM00001"
# Email addresses a leader writes in a question: one the bot knows (the invitation's),
# and a colleague's it cannot know is anyone's.
DEPUTIES = {AMIRA_ID: "jo.bloggs@camden.gov.uk", BEN_ID: "kim.lee@hackney.gov.uk"}
AMIRA_EMAIL, AMIRA_DEPUTY = f"{AMIRA_ID.lower()}@camden.gov.uk", DEPUTIES[AMIRA_ID]
# Everything that would say who Amira was, her first name and any address she wrote.
AMIRA_WORDS = (AMIRA_NAME, AMIRA_ID, "Amira", AMIRA_EMAIL, AMIRA_DEPUTY)


@dataclass(frozen=True)
class Stored:
    cohort: Cohort
    people: dict[str, Person]  # by platform id


def _id(value: int | None) -> int:
    assert value is not None
    return value


async def person(uow: SqlUnitOfWorkFactory, user_id: str, name: str) -> Person:
    async with uow() as work:
        stored = await work.people.add(
            Person("slack", user_id, name, "camden", Seniority.DIRECTOR, "Europe/London")
        )
        await work.commit()
    return stored


async def leader_with_everything(
    uow: SqlUnitOfWorkFactory,
    engine: AsyncEngine,
    cohort: Cohort,
    leader: Person,
    staff: Person,
    week: int = 1,
) -> None:
    """One leader's enrolment, completions, reflection, questions, posts, votes, seat,
    messages, files kept for download, audit entries, champion role and invitation, as the
    features make them."""
    cohort_id, pid, sid = _id(cohort.id), _id(leader.id), _id(staff.id)
    name, user = leader.display_name, leader.platform_user_id
    first, email, deputy = name.split()[0], f"{user.lower()}@camden.gov.uk", DEPUTIES[user]
    async with uow() as work:
        await work.organisations.upsert(cohort_id, Organisation("camden", "Camden Council", 2))
        enrolment = await work.enrolments.add(
            Enrolment(
                cohort_id,
                pid,
                Role.LEADER,
                pace=3,
                joined_at=NOON,
                rhythm=Rhythm(
                    nudge_weekday=3, nudge_time=time(8, 30), paused_until=date(2027, 2, 1)
                ),
            )
        )
        eid = _id(enrolment.id)
        for module in ("m1", "m2"):
            await work.completions.add(Completion(eid, module, "slash", NOON))
        reflection = await work.reflections.offer(Reflection(eid, week, NOON))
        assert reflection is not None and reflection.id is not None
        await work.reflections.answer(reflection.id, "I will share our dashboards.", True, NOON)
        question = await work.questions.add(
            Question(
                cohort_id,
                pid,
                f"Is there a template? ({name}) Write to {email} or my deputy {deputy}.",
                NOON,
                "m1",
            )
        )
        await work.questions.add(
            Question(cohort_id, pid, "A draft", NOON, status=QuestionStatus.DRAFT)
        )
        qid = _id(question.id)
        thanks = f"Thanks, {first} here again"
        await work.questions.add_post(
            Post(qid, pid, Side.ASKER, thanks, f"D{user}:{week}.1", NOON, False)
        )
        hello = f"Hi {name} ({first}), ask @{user} or {deputy}."
        await work.questions.add_post(
            Post(qid, sid, Side.MODERATORS, hello, f"C0MOD:{pid}.2", NOON, False)
        )
        poll = await work.polls.add(
            Poll(cohort_id, "Reflection", NOON + timedelta(days=2), sid, NOON, ("Online",)),
            (SlotPlan(NOON + timedelta(days=7), 60),),
        )
        [slot] = await work.polls.slots(_id(poll.id))
        await work.polls.vote(Vote(_id(poll.id), _id(slot.id), pid, Availability.YES))
        await work.polls.vote_format(FormatVote(_id(poll.id), pid, "Online"))
        session = await work.sessions.add(
            ReflectionSession(
                _id(poll.id),
                _id(slot.id),
                "Zoom",
                "Online",
                starts_at=slot.starts_at,
                minutes=slot.minutes,
            ),
            [pid],
        )
        await work.sessions.update_seat(Seat(_id(session.id), pid, True, 5, "Useful, thanks"))
        to_them = Address.person("slack", user)
        sent = Delivery(
            f"welcome:{cohort_id}:{pid}", Outgoing(Message(f"Welcome, {name}"), to_them)
        )
        sent.status, sent.platform_ref = DeliveryStatus.SENT, f"D{user}:{week}.3"
        export = Outgoing(
            Message("Export"),
            Address.person("slack", staff.platform_user_id),
            attachment=Attachment.text("x.csv", f"{name},Camden\n"),
        )
        for delivery in (
            sent,
            Delivery(f"nudge:{cohort_id}:2:{pid}", Outgoing(Message(f"Hello {name}"), to_them)),
            Delivery(
                f"reflection:{reflection.id}",
                Outgoing(Message(f"{name}: ..."), Address.channel("slack", "C0COHORT")),
            ),
            Delivery(
                f"digest:{cohort_id}:{week}:{pid}",
                Outgoing(
                    Message(f"Behind: {name}, Camden Council"),
                    Address.channel("slack", "C0COORD"),
                ),
            ),
            Delivery(f"export:{cohort_id}:{pid}", export, DeliveryStatus.SENT),
            # The bot's copies of her thread in the moderators' channel: one sent, one not.
            Delivery(
                f"relay:{cohort_id}:{pid}:1",
                Outgoing(Message(f"Asker wrote: {thanks}"), Address.channel("slack", "C0MOD")),
                DeliveryStatus.SENT,
                question_id=qid,
            ),
            Delivery(
                f"relay:{cohort_id}:{pid}:2",
                Outgoing(
                    Message(f"Asker wrote: {first} again, or {deputy}"),
                    Address.channel("slack", "C0MOD"),
                ),
                question_id=qid,
            ),
            # A coordinator told of her invitation, by address only.
            Delivery(
                f"invited:{cohort_id}:{pid}",
                Outgoing(Message(f"Invited {email}."), Address.channel("slack", "C0COORD")),
            ),
        ):
            await work.deliveries.enqueue(delivery)
        # Files behind download links: their my-data, and a coordinator's export naming them.
        for key, file, to in (
            (f"my-data:{pid}:{week}", Attachment.text("my-data.json", f'"{name}"'), to_them),
            (
                f"export:{cohort_id}:{pid}",
                Attachment.text("leaders.csv", f"{name},{user}\n"),
                Address.person("slack", staff.platform_user_id),
            ),
        ):
            await work.downloads.add(Download.of(key, file, to, NOON, NOON + timedelta(days=7)))
        # How to write to them first (Teams), and to a channel they last wrote in.
        writer = {"id": user, "name": name}
        for address in (to_them, Address.channel("slack", f"C0TEAM{cohort_id}")):
            reference = {"conversation": {"id": address.id}, "user": writer}
            await work.conversation_references.remember(
                ConversationReference(address, reference, NOON)
            )
        await work.audit.add(
            AuditEntry(
                sid, "enrol-leader", {"person_id": pid, "organisation": "camden"}, cohort_id
            ),
            NOON,
        )
        await work.audit.add(AuditEntry(pid, "vote", {"note": f"by {user}"}, cohort_id), NOON)
        await work.commit()
    async with engine.begin() as connection:
        await connection.execute(
            insert(ChampionRow).values(cohort_id=cohort_id, organisation_id="camden", person_id=pid)
        )
        await connection.execute(
            insert(InvitationRow).values(
                cohort_id=cohort_id,
                email=f"{user.lower()}@camden.gov.uk",
                organisation_id="camden",
                person_id=pid,
                outcome="joined",
                invited_at=NOON,
            )
        )


async def every_text_value(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    """(table, column, text) for every text, JSON or binary value in every table (files'
    bytes are read as UTF-8, as the CSV and JSON files are written)."""
    found = []
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            kinds = String | Text | JSON | LargeBinary
            columns = [c for c in table.columns if isinstance(c.type, kinds)]
            if not columns:
                continue
            for row in await connection.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes):
                        text = value.decode("utf-8", errors="replace")
                    elif isinstance(value, str):
                        text = value
                    else:
                        text = json.dumps(value, ensure_ascii=False)
                    found.append((table.name, column.name, text))
    return found


async def holding(engine: AsyncEngine, *words: str) -> list[tuple[str, str, str]]:
    return [
        (table, column, text)
        for table, column, text in await every_text_value(engine)
        if any(word in text for word in words)
    ]


async def count(engine: AsyncEngine, row_type: type[Base]) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(row_type)) or 0)


async def test_every_column_pointing_at_a_person_is_handled_by_erasure() -> None:
    pointing = {
        f"{fk.parent.table.name}.{fk.parent.name}"
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    }
    assert pointing == set(PERSON_COLUMNS), (
        "A table points at people: say in storage/repositories/personal_data.py how its "
        "rows are erased, and erase them."
    )


async def test_every_column_of_text_says_what_erasure_takes_out_of_it() -> None:
    text_columns = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Text | JSON | LargeBinary)
    }
    assert text_columns == set(TEXT_COLUMNS), (
        "A column holds text: say in storage/repositories/personal_data.py what erasure "
        "takes out of it, and take it out."
    )


async def test_after_erasure_no_table_holds_the_persons_name_or_platform_id(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort
) -> None:
    amira = await person(uow, AMIRA_ID, AMIRA_NAME)
    ben = await person(uow, BEN_ID, BEN_NAME)
    sam = await person(uow, SAM_ID, SAM_NAME)
    await leader_with_everything(uow, engine, cohort, amira, sam)
    ben_cohort = await _cohort(uow, "ben-2027")
    await leader_with_everything(uow, engine, ben_cohort, ben, sam)
    # Someone else's words that name her, in Ben's thread, with an address of hers.
    about_her = "Amira asked this too: write to her at amira.home@example.org"
    async with uow() as work:
        [ben_question] = await work.questions.for_cohort(_id(ben_cohort.id))
        await work.questions.add_post(
            Post(_id(ben_question.id), _id(sam.id), Side.MODERATORS, about_her, "C0:9", NOON, True)
        )
        await work.commit()
    for words in AMIRA_WORDS:
        assert await holding(engine, words), words  # the search finds each before
    token = forgotten_token()

    async with uow() as work:
        anonymised = await work.personal_data.anonymise({_id(amira.id): token})
        erased = await work.personal_data.erase([_id(amira.id)])
        await work.commit()

    assert await holding(engine, *AMIRA_WORDS) == []
    assert anonymised.people == 1 and anonymised.deliveries == 1  # the nudge not yet sent
    assert anonymised.downloads == 2  # their my-data, and the export that names them
    assert (erased.completions, erased.reflections, erased.poll_votes) == (2, 1, 1)
    assert (erased.format_votes, erased.seats, erased.drafts, erased.questions) == (1, 1, 1, 1)
    assert (erased.enrolments, erased.champions, erased.invitations) == (1, 1, 1)
    async with uow() as work:
        forgotten = await work.people.get(_id(amira.id))
        assert forgotten is not None
        assert forgotten.display_name == FORMER_PARTICIPANT
        assert forgotten.platform_user_id.startswith(FORGOTTEN_PREFIX)
        assert (forgotten.organisation_id, forgotten.seniority, forgotten.time_zone) == (
            None,
            None,
            None,
        )
        assert await work.people.find("slack", AMIRA_ID) is None
        [enrolment] = await work.enrolments.for_person(_id(amira.id))
        assert enrolment.status is EnrolmentStatus.WITHDRAWN
        assert (enrolment.pace, enrolment.joined_at, enrolment.rhythm) == (None, None, Rhythm())
        [question] = await work.questions.for_cohort(_id(cohort.id))
        assert question.anonymous and question.text == (
            f"Is there a template? ({FORMER_PARTICIPANT}) "
            f"Write to {EMAIL_REMOVED} or my deputy {EMAIL_REMOVED}."
        )
        posts = await work.questions.posts([_id(question.id)])
        assert [p.text for p in posts] == [
            f"Thanks, {FORMER_PARTICIPANT} here again",
            f"Hi {FORMER_PARTICIPANT} ({FORMER_PARTICIPANT}), ask @{token} or {EMAIL_REMOVED}.",
        ]
        [*_, note] = await work.questions.posts([_id(ben_question.id)])
        assert note.text == (
            f"{FORMER_PARTICIPANT} asked this too: write to her at {EMAIL_REMOVED}"
        )
        relayed = await work.deliveries.get(f"relay:{cohort.id}:{amira.id}:1")
        assert relayed is not None and relayed.outgoing.message == Message("")  # sent: no copy
        waiting = await work.deliveries.get(f"relay:{cohort.id}:{amira.id}:2")
        assert waiting is not None and waiting.outgoing.message.text == (
            f"Asker wrote: {FORMER_PARTICIPANT} again, or {EMAIL_REMOVED}"
        )
        invited = await work.deliveries.get(f"invited:{cohort.id}:{amira.id}")
        assert invited is not None and invited.outgoing.message.text == (
            f"Invited {EMAIL_REMOVED}."
        )
        welcome = await work.deliveries.get(f"welcome:{cohort.id}:{amira.id}")
        assert welcome is not None and welcome.status is DeliveryStatus.SENT
        assert welcome.outgoing.message == Message("") and welcome.platform_ref is None
        assert welcome.recipient == forgotten.platform_user_id
        assert await work.deliveries.get(f"nudge:{cohort.id}:2:{amira.id}") is None
        assert len(await work.deliveries.keys_starting("reflection:")) == 1  # Ben's
        digest = await work.deliveries.get(f"digest:{cohort.id}:1:{amira.id}")
        assert digest is not None and digest.status is DeliveryStatus.PENDING
        assert digest.outgoing.message.text == f"Behind: {FORMER_PARTICIPANT}, Camden Council"
        export = await work.deliveries.get(f"export:{cohort.id}:{amira.id}")
        assert export is not None and export.outgoing.message == Message("")  # sent: no copy
        assert export.outgoing.attachment is None

    # Ben, in another cohort, keeps everything.
    assert len(await holding(engine, BEN_NAME)) >= 5
    async with uow() as work:
        assert await work.people.find("slack", BEN_ID) == ben
        [ben_enrolment] = await work.enrolments.for_person(_id(ben.id))
        assert ben_enrolment.status is EnrolmentStatus.ACTIVE
        assert len(await work.completions.for_enrolment(_id(ben_enrolment.id))) == 2
        assert len(await work.reflections.for_enrolment(_id(ben_enrolment.id))) == 1
    assert await count(engine, ChampionRow) == 1 and await count(engine, InvitationRow) == 1
    assert await count(engine, DownloadRow) == 2  # Ben's my-data and the export naming him


async def test_a_first_name_someone_else_has_goes_only_from_the_persons_own_threads(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort
) -> None:
    amira = await person(uow, AMIRA_ID, AMIRA_NAME)
    other_amira = await person(uow, "U0AMIRA002", "Amira Patel")
    sam = await person(uow, SAM_ID, SAM_NAME)
    await leader_with_everything(uow, engine, cohort, amira, sam)
    digest = Outgoing(Message("Behind: Amira Patel"), Address.channel("slack", "C0COORD"))
    async with uow() as work:
        await work.deliveries.enqueue(Delivery(f"digest:{cohort.id}:2", digest))
        await work.commit()

    async with uow() as work:
        await work.personal_data.anonymise({_id(amira.id): forgotten_token()})
        await work.commit()

    async with uow() as work:
        [question] = await work.questions.for_cohort(_id(cohort.id))
        posts = await work.questions.posts([_id(question.id)])
        assert posts[0].text == f"Thanks, {FORMER_PARTICIPANT} here again"
        kept = await work.deliveries.get(f"digest:{cohort.id}:2")
        assert kept is not None and kept.outgoing.message.text == "Behind: Amira Patel"
        assert await work.people.find("slack", "U0AMIRA002") == other_amira


async def test_anonymising_twice_changes_nothing_more(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort
) -> None:
    amira = await person(uow, AMIRA_ID, AMIRA_NAME)
    sam = await person(uow, SAM_ID, SAM_NAME)
    await leader_with_everything(uow, engine, cohort, amira, sam)
    for expected in (1, 0):
        async with uow() as work:
            anonymised = await work.personal_data.anonymise({_id(amira.id): forgotten_token()})
            erased = await work.personal_data.erase([_id(amira.id)])
            await work.commit()
        assert anonymised.people == expected
        assert erased.nothing is (expected == 0)


async def test_what_is_held_about_a_person_is_gathered_for_them(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort
) -> None:
    amira = await person(uow, AMIRA_ID, AMIRA_NAME)
    sam = await person(uow, SAM_ID, SAM_NAME)
    await leader_with_everything(uow, engine, cohort, amira, sam)
    async with uow() as work:
        held = await work.personal_data.held(amira)
    assert [q.text for q in held.questions] == [
        f"Is there a template? ({AMIRA_NAME}) Write to {AMIRA_EMAIL} or my deputy {AMIRA_DEPUTY}.",
        "A draft",
    ]
    assert [p.text for p in held.posts] == ["Thanks, Amira here again"]
    assert [(v.poll, v.availability) for v in held.votes] == [("Reflection", "yes")]
    assert [(v.poll, v.choice) for v in held.format_votes] == [("Reflection", "Online")]
    assert [(s.attended, s.rating, s.comment) for s in held.seats] == [(True, 5, "Useful, thanks")]
    assert [d.key for d in held.deliveries] == [
        f"welcome:{cohort.id}:{amira.id}",
        f"nudge:{cohort.id}:2:{amira.id}",
    ]
    assert [(a.action, a.by_them) for a in held.audit] == [("enrol-leader", False), ("vote", True)]
    assert [(c.cohort_id, c.organisation_id) for c in held.champions] == [(cohort.id, "camden")]
    assert [i.email for i in held.invitations] == [f"{AMIRA_ID.lower()}@camden.gov.uk"]
    async with uow() as work:
        assert (await work.personal_data.held(sam)).deliveries[0].key.startswith("export:")


# The retention purge


async def _cohort(uow: SqlUnitOfWorkFactory, slug: str, start: date | None = None) -> Cohort:
    async with uow() as work:
        cohort = camden_cohort(slug)
        if start is not None:
            cohort.start_date = start
        stored = await work.cohorts.add(cohort)
        await work.commit()
    return stored


async def test_purge_erases_finished_cohorts_and_keeps_their_anonymous_figures(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort
) -> None:
    # The old cohort's course ended on 16 February 2026 (six weeks from 5 January).
    old = await _cohort(uow, "spring-2026", date(2026, 1, 5))
    amira = await person(uow, AMIRA_ID, AMIRA_NAME)
    ben = await person(uow, BEN_ID, BEN_NAME)
    sam = await person(uow, SAM_ID, SAM_NAME)
    await leader_with_everything(uow, engine, old, amira, sam)
    await _enrol(uow, old, ben, Role.LEADER)
    await _enrol(uow, old, sam, Role.COORDINATOR)
    await leader_with_everything(uow, engine, cohort, ben, sam, week=2)  # Ben is back in 2027
    async with engine.begin() as connection:
        await connection.execute(
            insert(ProgressSnapshotRow).values(
                cohort_id=old.id, week=1, taken_at=NOON, figures={"overall": {"leaders": 2}}
            )
        )
    clock = ManualClock(datetime(2027, 2, 16, 12, 0, tzinfo=NOON.tzinfo))
    retention = Retention(uow, clock)

    assert await retention.purge(timedelta(days=365)) == []  # ended exactly 365 days ago
    [purge] = await retention.purge(timedelta(days=364))

    assert purge.cohort.slug == "spring-2026" and purge.ended == date(2026, 2, 16)
    assert purge.erased.people == 1 and purge.kept_people == 1  # Ben is back in 2027
    assert purge.erased.enrolments == 2 and purge.erased.completions == 2
    assert purge.erased.invitations == 1 and purge.erased.champions == 1
    assert await holding(engine, AMIRA_NAME, AMIRA_ID) == []
    assert await count(engine, ProgressSnapshotRow) == 1
    async with uow() as work:
        assert await work.people.find("slack", BEN_ID) == ben
        assert await work.people.find("slack", SAM_ID) == sam  # staff keep their names
        for enrolment in await work.enrolments.for_person(_id(ben.id)):
            done = await work.completions.for_enrolment(_id(enrolment.id))
            if enrolment.cohort_id == old.id:
                assert enrolment.status is EnrolmentStatus.WITHDRAWN and done == []
            else:
                assert enrolment.status is EnrolmentStatus.ACTIVE and len(done) == 2
    assert (await _audit_actions(engine)).count("purge") == 1

    [again] = await retention.purge(timedelta(days=364))
    assert again.erased.nothing
    assert (await _audit_actions(engine)).count("purge") == 1


async def _enrol(uow: SqlUnitOfWorkFactory, cohort: Cohort, who: Person, role: Role) -> None:
    async with uow() as work:
        await work.enrolments.add(Enrolment(_id(cohort.id), _id(who.id), role, joined_at=NOON))
        await work.commit()


async def _audit_actions(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list(await connection.scalars(select(AuditRow.action)))


async def test_the_erased_enrolment_keeps_only_its_cohort_person_and_role(
    uow: SqlUnitOfWorkFactory, engine: AsyncEngine, cohort: Cohort
) -> None:
    amira = await person(uow, AMIRA_ID, AMIRA_NAME)
    sam = await person(uow, SAM_ID, SAM_NAME)
    await leader_with_everything(uow, engine, cohort, amira, sam)
    async with uow() as work:
        await work.personal_data.erase([_id(amira.id)])
        await work.commit()
    async with engine.connect() as connection:
        row = (
            await connection.execute(select(EnrolmentRow).where(EnrolmentRow.person_id == amira.id))
        ).one()
    kept = {"id", "cohort_id", "person_id", "role", "status", "plan_start_week", "behind_reminders"}
    assert {k for k, v in row._mapping.items() if v is not None} <= kept
    assert await count(engine, CompletionRow) == 0


# The command line


def test_purge_on_the_command_line_says_what_it_did_and_then_that_nothing_is_left(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async def old_cohort_with_a_leader() -> None:
        engine = make_engine(database_url)
        uow = SqlUnitOfWorkFactory(make_session_factory(engine))
        try:
            old = await _cohort(uow, "spring-2020", date(2020, 1, 6))
            amira = await person(uow, AMIRA_ID, AMIRA_NAME)
            sam = await person(uow, SAM_ID, SAM_NAME)
            await leader_with_everything(uow, engine, old, amira, sam)
        finally:
            await engine.dispose()

    asyncio.run(old_cohort_with_a_leader())
    command = ["purge", "--older-than", "52w", "--database-url", database_url]
    assert main(command) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "spring-2020 (course ended 2020-02-17): anonymised 1 person; deleted 2 completions, "
        "1 reflection, 1 poll answer, 1 format choice, 1 session seat, 1 draft question, "
        "1 champion role, 1 invitation, 1 unsent message and 2 files kept for download; "
        "withdrew 1 enrolment; "
        "made 1 question anonymous."
    )
    assert out[-1].startswith("Kept: the weekly progress snapshots")
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "spring-2020 (course ended 2020-02-17): nothing left to remove."
    )


@pytest.mark.parametrize("age", ["1y", "365", "0d", "soon", "-5d"])
def test_a_bad_age_is_one_line_and_status_2(age: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge", f"--older-than={age}"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"facilitator purge: --older-than takes days or weeks, such as 365d or 52w, not “{age}”.\n"
    )
