"""Where the bot can write first: conversation references, one per address."""

from __future__ import annotations

from datetime import timedelta

from bot.core.outgoing import Address, AddressKind, ConversationReference
from storage.uow import SqlUnitOfWorkFactory
from tests.storage.conftest import NOON

AMIRA = Address.person("teams", "29:amira")
BEN = Address.person("teams", "29:ben")
MODERATORS = Address.channel("teams", "19:mods@thread.tacv2")


async def test_a_reference_is_kept_and_found_by_its_address(uow: SqlUnitOfWorkFactory) -> None:
    ref = ConversationReference(AMIRA, {"conversation": {"id": "a:1"}}, NOON)
    async with uow() as work:
        await work.conversation_references.remember(ref)
        await work.commit()
    async with uow() as work:
        assert await work.conversation_references.find(AMIRA) == ref
        assert await work.conversation_references.find(BEN) is None
        assert await work.conversation_references.find(Address.person("slack", "29:amira")) is None


async def test_remembering_again_replaces_the_reference_and_when_it_was_seen(
    uow: SqlUnitOfWorkFactory,
) -> None:
    later = NOON + timedelta(days=1)
    async with uow() as work:
        await work.conversation_references.remember(ConversationReference(AMIRA, {"v": 1}, NOON))
        await work.commit()
    async with uow() as work:
        await work.conversation_references.remember(ConversationReference(AMIRA, {"v": 2}, later))
        await work.commit()
    async with uow() as work:
        assert await work.conversation_references.find(AMIRA) == ConversationReference(
            AMIRA, {"v": 2}, later
        )


async def test_missing_lists_the_addresses_without_a_reference_in_order(
    uow: SqlUnitOfWorkFactory,
) -> None:
    async with uow() as work:
        await work.conversation_references.remember(ConversationReference(BEN, {}, NOON))
        await work.commit()
    async with uow() as work:
        missing = await work.conversation_references.missing([MODERATORS, BEN, AMIRA])
        assert missing == [MODERATORS, AMIRA]
        assert await work.conversation_references.missing([]) == []


async def test_the_newest_channel_reference_reaches_a_channel_that_never_wrote(
    uow: SqlUnitOfWorkFactory,
) -> None:
    general = Address.channel("teams", "19:general@thread.tacv2")
    async with uow() as work:
        assert await work.conversation_references.newest("teams", AddressKind.CHANNEL) is None
        await work.conversation_references.remember(ConversationReference(general, {}, NOON))
        later = NOON + timedelta(hours=1)
        await work.conversation_references.remember(ConversationReference(MODERATORS, {}, later))
        await work.conversation_references.remember(ConversationReference(AMIRA, {}, later))
        await work.commit()
    async with uow() as work:
        newest = await work.conversation_references.newest("teams", AddressKind.CHANNEL)
        assert newest is not None and newest.address == MODERATORS
        assert await work.conversation_references.newest("slack", AddressKind.CHANNEL) is None
