"""Rows added in a set (storage/repositories/base.py, insert_new_rows) are stored as rows
added one at a time are: on PostgreSQL they travel as JSON (storage/repositories/
json_rows.py), so every kind of value is checked there, with TEST_DATABASE_URL set, as on
SQLite."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Text, cast, select
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.messages import Message, Paragraph
from bot.core.model import Cohort, Delivery, Enrolment, EnrolmentStatus, Person, Rhythm, Role
from bot.core.outgoing import Address, Outgoing
from storage.orm import DeliveryRow, EnrolmentRow
from storage.repositories.outbox import stored_payload
from storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from tests.deliveries import delivery
from tests.storage.conftest import AddPerson

PARIS_SUMMER = timezone(timedelta(hours=2))
SIGNED_UP = datetime(2027, 1, 4, 9, 15, 30, 250000, tzinfo=PARIS_SUMMER)
NOON = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)


def every_detail(cohort: Cohort, person: Person) -> Enrolment:
    """An enrolment with a value in every column, of every kind the table holds."""
    assert cohort.id is not None and person.id is not None
    return Enrolment(
        cohort.id,
        person.id,
        Role.LEADER,
        pace=3,
        status=EnrolmentStatus.WAITLISTED,
        joined_at=NOON,
        rhythm=Rhythm(
            plan_start_week=2,
            done_at_replan=frozenset({"1", "2b"}),
            nudge_weekday=4,
            nudge_time=time(8, 30),
            behind_reminders=False,
            paused_until=date(2027, 2, 1),
        ),
        job_title='Head of "Data" (Zürich), 50%',
        consented_at=SIGNED_UP,
        waitlisted_at=SIGNED_UP,
    )


async def stored_columns(engine: AsyncEngine, person: Person) -> dict[str, Any]:
    """The person's enrolment as the database holds it, its JSON as text."""
    columns = [c for c in EnrolmentRow.__table__.c if c.name not in ("id", "person_id")]
    query = select(
        *(cast(c, Text).label(c.name) if c.name == "done_at_replan" else c for c in columns)
    ).where(EnrolmentRow.person_id == person.id)
    async with engine.connect() as connection:
        return dict((await connection.execute(query)).one()._mapping)


@pytest.mark.parametrize("detailed", [True, False], ids=["every detail", "no details"])
async def test_enrolments_added_in_a_set_are_stored_as_one_added_alone(
    engine: AsyncEngine,
    uow: SqlUnitOfWorkFactory,
    add_person: AddPerson,
    cohort: Cohort,
    detailed: bool,
) -> None:
    alone, in_a_set = await add_person("Ada Lovelace"), await add_person("Grace Hopper")
    assert alone.id is not None and in_a_set.id is not None
    assert cohort.id is not None
    wanted = (
        every_detail(cohort, alone) if detailed else Enrolment(cohort.id, alone.id, Role.LEADER)
    )
    async with uow() as work:
        await work.enrolments.add(wanted)
        assert await work.enrolments.add_all([replace(wanted, person_id=in_a_set.id)]) == {
            in_a_set.id
        }
        await work.commit()
    async with uow() as work:
        (kept,) = await work.enrolments.for_person(in_a_set.id)
    assert kept == replace(wanted, person_id=in_a_set.id, id=kept.id)
    # Down to the text of its JSON: an empty plan is the JSON null, never SQL NULL.
    assert await stored_columns(engine, in_a_set) == await stored_columns(engine, alone)


async def test_deliveries_added_in_a_set_keep_their_messages_as_written(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory
) -> None:
    # One message to two people is one object, as a welcome to a cohort file's leaders.
    welcome = Message("Welcome", blocks=(Paragraph("You are enrolled ✓"),))
    odd = Message('Quotes " and \\ backslashes,\nnew lines, tabs\t and ünïcode')
    wanted = [
        Delivery("welcome:1", Outgoing(welcome, Address.person("slack", "U1")), not_before=NOON),
        Delivery("welcome:2", Outgoing(welcome, Address.person("slack", "U2")), not_before=NOON),
        Delivery(
            "answer:7",
            Outgoing(odd, Address.channel("slack", "C1")),
            not_before=SIGNED_UP,
            question_id=7,
            question_side="asker",
        ),
    ]
    async with uow() as work:
        assert await work.deliveries.enqueue_all(wanted) == {d.key for d in wanted}
        await work.commit()
    async with uow() as work:
        for one in wanted:
            kept = await work.deliveries.get(one.key)
            assert kept is not None and kept == replace(one, id=kept.id)
    async with engine.connect() as connection:
        query = select(DeliveryRow.key, cast(DeliveryRow.payload, Text))
        texts = {key: text for key, text in await connection.execute(query)}
    # As SQLAlchemy's JSON type writes it: json.dumps of the value.
    assert texts == {d.key: json.dumps(stored_payload(d.outgoing)) for d in wanted}


async def test_a_set_leaves_out_rows_whose_key_is_taken_and_returns_only_those_added(
    uow: SqlUnitOfWorkFactory,
) -> None:
    async with uow() as work:
        await work.deliveries.enqueue(delivery("nudge:1", "U1", "First"))
        await work.commit()
    async with uow() as work:
        added = await work.deliveries.enqueue_all(
            [delivery("nudge:1", "U1", "Again"), delivery("nudge:2", "U2", "New")]
        )
        await work.commit()
    assert added == {"nudge:2"}
    async with uow() as work:
        kept = await work.deliveries.get("nudge:1")
    assert kept is not None and kept.outgoing.message.text == "First"


async def test_a_naive_time_in_a_set_is_refused_as_one_alone_is(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as work:
        with pytest.raises(StatementError, match="naive datetime"):
            await work.deliveries.enqueue_all(
                [delivery("nudge:1", "U1", "Hello", not_before=datetime(2027, 1, 11, 12, 0))]
            )


async def test_a_name_too_long_for_its_column_fares_in_a_set_as_alone(
    uow: SqlUnitOfWorkFactory,
) -> None:
    long = Person("slack", "ULONG1", "A name " * 30)  # people.display_name holds 200

    async def outcome(add: Callable[[SqlUnitOfWork], Awaitable[object]]) -> str:
        async with uow() as work:
            try:
                await add(work)
            except DBAPIError:
                return "refused"
            await work.commit()
        async with uow() as work:
            found = await work.people.find_all("slack", ["ULONG1", "ULONG2"])
        return " | ".join(p.display_name for p in found.values())

    alone = await outcome(lambda work: work.people.add(long))
    in_a_set = await outcome(
        lambda work: work.people.add_all([replace(long, platform_user_id="ULONG2")])
    )
    # PostgreSQL refuses both (a cast to VARCHAR(200) would cut it short without a
    # word); SQLite keeps both whole.
    if alone == "refused":
        assert in_a_set == "refused"
    else:
        assert in_a_set == f"{alone} | {alone}"
