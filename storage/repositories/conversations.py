"""Conversation references: what a platform needs to write to an address first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.outgoing import Address, AddressKind, ConversationReference
from storage.orm import ConversationReferenceRow
from storage.repositories.base import dialect_insert

# Addresses looked up per query by `missing`, well under every database's parameter limit.
ADDRESSES_PER_QUERY = 300


def to_reference(row: ConversationReferenceRow) -> ConversationReference:
    address = Address(row.platform, AddressKind(row.kind), row.address_id)
    return ConversationReference(address, dict(row.reference), row.last_seen)


def _key(address: Address) -> tuple[str, str, str]:
    return address.platform, address.kind.value, address.id


class SqlConversationReferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def remember(self, ref: ConversationReference) -> None:
        """Keep the reference, replacing an older one for the same address (an upsert)."""
        address = ref.address
        statement = dialect_insert(self._session, ConversationReferenceRow).values(
            platform=address.platform,
            kind=address.kind.value,
            address_id=address.id,
            reference=dict(ref.reference),
            last_seen=ref.last_seen,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["platform", "kind", "address_id"],
                set_={
                    "reference": statement.excluded.reference,
                    "last_seen": statement.excluded.last_seen,
                },
            )
        )

    async def find(self, address: Address) -> ConversationReference | None:
        row = await self._session.scalar(
            select(ConversationReferenceRow).where(
                ConversationReferenceRow.platform == address.platform,
                ConversationReferenceRow.kind == address.kind.value,
                ConversationReferenceRow.address_id == address.id,
            )
        )
        return None if row is None else to_reference(row)

    async def missing(self, addresses: Sequence[Address]) -> list[Address]:
        """The addresses with no reference, in the order given; a query per few hundred."""
        known: set[tuple[str, str, str]] = set()
        columns = (
            ConversationReferenceRow.platform,
            ConversationReferenceRow.kind,
            ConversationReferenceRow.address_id,
        )
        for start in range(0, len(addresses), ADDRESSES_PER_QUERY):
            chunk = [_key(a) for a in addresses[start : start + ADDRESSES_PER_QUERY]]
            rows = await self._session.execute(select(*columns).where(tuple_(*columns).in_(chunk)))
            known.update((platform, kind, id) for platform, kind, id in rows)
        return [a for a in addresses if _key(a) not in known]

    async def newest(self, platform: str, kind: AddressKind) -> ConversationReference | None:
        """The reference seen last of this kind on the platform: where a channel that
        never wrote to the bot can be reached from (the same team's service)."""
        row = await self._session.scalar(
            select(ConversationReferenceRow)
            .where(
                ConversationReferenceRow.platform == platform,
                ConversationReferenceRow.kind == kind.value,
            )
            .order_by(ConversationReferenceRow.last_seen.desc(), ConversationReferenceRow.id.desc())
            .limit(1)
        )
        return None if row is None else to_reference(row)
