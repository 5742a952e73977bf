"""Migration 0008 turns the outbox's old payloads (a message with magic keys) into
typed deliveries, and back on downgrade."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import JSON, Integer, String, column, insert, select, table
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.messages import Message, Paragraph
from bot.core.outgoing import Address, Attachment
from storage.migrate import alembic_config
from storage.uow import SqlUnitOfWorkFactory

MESSAGE = Message("Hello", (Paragraph("Hello"),))
OLD_DELIVERIES = table(
    "deliveries",
    column("key", String),
    column("platform", String),
    column("recipient", String),
    column("payload", JSON),
    column("status", String),
    column("attempts", Integer),
)
OLD_ROWS = [
    ("question:7", "C0MODS", {**MESSAGE.to_dict()}),
    ("question-asked:7", "U0AMIRA", {**MESSAGE.to_dict()}),
    (
        "question-reminder:7",
        "C0MODS",
        {**MESSAGE.to_dict(), "thread_of": "question:7", "broadcast": True},
    ),
    ("question-card:7:x", "C0MODS", {**MESSAGE.to_dict(), "replaces": "question:7"}),
    ("reply:Ev1", "C0COHORT", {**MESSAGE.to_dict(), "thread": "1700000000.1"}),
    (
        "export:1:2:x",
        "U0SAM",
        {**MESSAGE.to_dict(), "file": {"name": "a.csv", "title": "a.csv", "content": "a,b"}},
    ),
    ("welcome:1:3", "U0GONE", {}),
]


async def _migrate(database_url: str, revision: str, down: bool = False) -> None:
    step = command.downgrade if down else command.upgrade
    await asyncio.to_thread(step, alembic_config(database_url), revision)


async def test_old_payloads_become_typed_deliveries_and_go_back_unchanged(
    engine: AsyncEngine, uow: SqlUnitOfWorkFactory, database_url: str
) -> None:
    await _migrate(database_url, "0007", down=True)
    async with engine.begin() as connection:
        for key, recipient, payload in OLD_ROWS:
            await connection.execute(
                insert(OLD_DELIVERIES).values(
                    key=key,
                    platform="slack",
                    recipient=recipient,
                    payload=payload,
                    status="pending",
                    attempts=0,
                )
            )
    await _migrate(database_url, "head")

    async with uow() as work:
        card, asked, reminder, refresh, reply, export, gone = [
            await work.deliveries.get(key) for key, _, _ in OLD_ROWS
        ]
    assert card is not None and card.outgoing.to == Address.channel("slack", "C0MODS")
    assert (card.question_id, card.question_side) == (7, "moderators")
    assert asked is not None and asked.outgoing.to == Address.person("slack", "U0AMIRA")
    assert (asked.question_id, asked.question_side) == (7, "asker")
    assert asked.outgoing.message == MESSAGE
    assert reminder is not None and reminder.outgoing.under == "question:7"
    assert reminder.outgoing.also_to_channel and reminder.question_side is None
    assert refresh is not None and refresh.outgoing.replaces == "question:7"
    assert reply is not None and reply.outgoing.in_thread == "C0COHORT:1700000000.1"
    assert reply.question_id is None
    assert export is not None and export.outgoing.attachment == Attachment("a.csv", "a.csv", "a,b")
    assert gone is not None and gone.outgoing.message == Message("")

    await _migrate(database_url, "0007", down=True)
    async with engine.connect() as connection:
        rows = await connection.execute(select(OLD_DELIVERIES.c.key, OLD_DELIVERIES.c.payload))
        assert dict(rows.all()) == {key: payload for key, _, payload in OLD_ROWS}
    await _migrate(database_url, "head")
