"""The in-memory outbox, record of incoming events and audit log, as SQL keeps them."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.model import AuditEntry, Delivery, DeliveryStatus
from bot.core.outgoing import Address, AddressKind, ConversationReference, Outgoing
from bot.core.ports import UNREACHED
from tests.fakes.core.rows import (
    AUDIT,
    CONVERSATION_REFERENCES,
    DELIVERIES,
    PROCESSED_EVENTS,
    PROCESSES,
    AuditRow,
    DeliveryRow,
)
from tests.fakes.core.tables import WorkingSet, fresh, stored, utc

PROBLEM_STATUSES = (DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)


def as_json(payload: dict[str, object]) -> dict[str, object]:
    """The payload as a JSON column gives it back (tuples become lists; the rest fails)."""
    loaded = json.loads(json.dumps(payload))
    assert isinstance(loaded, dict)
    return loaded


def through_json(outgoing: Outgoing, dropped_content: bool = False) -> Outgoing:
    """The message as its JSON column gives it back; a sent file keeps only its name."""
    kept = as_json(outgoing.to_json())
    attachment = kept.get("attachment")
    if dropped_content and isinstance(attachment, dict):
        kept["attachment"] = {k: v for k, v in attachment.items() if k != "content"}
    return Outgoing.from_json(kept)


class MemoryDeliveryRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def enqueue(self, delivery: Delivery) -> bool:
        """Add to the outbox; False if a delivery with that key exists."""
        if self._row(delivery.key) is not None:
            return False
        new_id = self._work.database.next_id(DELIVERIES)
        kept = stored(replace(delivery, outgoing=through_json(delivery.outgoing), id=new_id))
        now = utc(self._work.database.clock.now())
        self._work.table(DELIVERIES)[new_id] = DeliveryRow(kept, now, now)
        return True

    async def enqueue_all(self, deliveries: Sequence[Delivery]) -> set[str]:
        """Add many to the outbox; the keys added."""
        return {d.key for d in deliveries if await self.enqueue(d)}

    async def due(
        self, now: datetime, limit: int, leaving_out: Collection[int] = ()
    ) -> Sequence[Delivery]:
        due = [d for d in self._all() if _is_due(d, now) and d.id not in leaving_out]
        return [fresh(d) for d in due[:limit]]

    async def claim(self, delivery: Delivery, now: datetime, until: datetime, by: str) -> bool:
        """Take a due delivery for `by` until `until`, unless it changed since it was read."""
        assert delivery.id is not None
        row = self._work.table(DELIVERIES).get(delivery.id)
        if row is None or not _is_due(row.delivery, now):
            return False
        if row.delivery.attempts != delivery.attempts:
            return False
        unknown = delivery.outcome_unknown
        claimed = replace(
            row.delivery,
            not_before=until,
            attempts=row.delivery.attempts + 1,
            claimed_by=by,
            attempted_at=delivery.attempted_at if unknown else now,
            unsure=unknown,
        )
        self._put(row, stored(claimed))
        return True

    async def release_orphans(self, now: datetime, alive_since: datetime) -> int:
        """Make due at once the claims of processes silent since `alive_since`."""
        beats = self._work.table(PROCESSES)
        alive = {process for process, at in beats.items() if at >= utc(alive_since)}
        orphans = [
            row
            for row in self._work.table(DELIVERIES).values()
            if row.delivery.status is DeliveryStatus.PENDING
            and row.delivery.claimed_by is not None
            and row.delivery.claimed_by not in alive
            and row.delivery.not_before is not None
            and row.delivery.not_before > utc(now)
        ]
        for row in orphans:
            self._put(row, stored(replace(row.delivery, not_before=utc(now))))
        return len(orphans)

    async def save(self, delivery: Delivery) -> None:
        """Keep the outcome of a send; the message stays as queued (but a sent file's content)."""
        if delivery.id is None:
            raise ValueError("cannot save a delivery that was never stored")
        row = self._work.table(DELIVERIES).get(delivery.id)
        if row is None:
            raise LookupError(f"no deliveries row with key {delivery.id!r}")
        sent = delivery.status is DeliveryStatus.SENT
        if row.delivery.status is DeliveryStatus.SENT and not sent:
            return  # the platform said it arrived: a lost answer does not undo that
        kept = replace(
            row.delivery,
            status=delivery.status,
            attempts=delivery.attempts,
            not_before=delivery.not_before,
            platform_ref=delivery.platform_ref,
            error=delivery.error,
            claimed_by=delivery.claimed_by,
            attempted_at=delivery.attempted_at,
            unsure=delivery.unsure,
            outgoing=through_json(row.delivery.outgoing, dropped_content=sent),
        )
        self._put(row, stored(kept))

    async def arrived(self, platform: str, key: str, ref: str) -> bool:
        """Record as sent, known by `ref`, the delivery with `key`, unless it is already."""
        row = next(
            (r for r in self._work.table(DELIVERIES).values() if r.delivery.key == key), None
        )
        if row is None or row.delivery.platform != platform:
            return False
        if row.delivery.status is DeliveryStatus.SENT:
            return False
        sent = replace(
            row.delivery,
            status=DeliveryStatus.SENT,
            platform_ref=ref,
            error=None,
            unsure=False,
            claimed_by=None,
            not_before=None,
        )
        self._put(row, stored(sent))
        return True

    async def get(self, key: str) -> Delivery | None:
        return fresh(self._row(key))

    async def problems(self, prefix: str) -> Sequence[Delivery]:
        """Deliveries whose key starts with `prefix` that failed or were skipped."""
        return [
            fresh(d)
            for d in self._all()
            if d.key.startswith(prefix) and d.status in PROBLEM_STATUSES
        ]

    async def retry_unreached(self, address: Address, prefix: str) -> int:
        """Make pending again what failed as unreachable to `address` under `prefix`."""
        again = [
            row
            for row in self._work.table(DELIVERIES).values()
            if row.delivery.outgoing.to == address
            and row.delivery.key.startswith(prefix)
            and row.delivery.status is DeliveryStatus.FAILED
            and (row.delivery.error or "").startswith(UNREACHED)
        ]
        for row in again:
            pending = replace(
                row.delivery, status=DeliveryStatus.PENDING, attempts=0, error=None, not_before=None
            )
            self._put(row, stored(pending))
        return len(again)

    async def keys_starting(self, prefix: str) -> set[str]:
        return {d.key for d in self._all() if d.key.startswith(prefix)}

    async def next_not_before(self) -> datetime | None:
        """The earliest `not_before` of a pending delivery (SQL's min() skips the empty ones)."""
        times = [
            d.not_before
            for d in self._all()
            if d.status is DeliveryStatus.PENDING and d.not_before is not None
        ]
        return min(times, default=None)

    async def skip_pending(self, prefixes: Sequence[str], reason: str) -> int:
        """Let go, as skipped with `reason`, every pending delivery under one of `prefixes`."""
        let_go = [
            row
            for row in self._work.table(DELIVERIES).values()
            if row.delivery.status is DeliveryStatus.PENDING
            and row.delivery.key.startswith(tuple(prefixes))
        ]
        for row in let_go:
            skipped = replace(
                row.delivery, status=DeliveryStatus.SKIPPED, error=reason, not_before=None
            )
            self._put(row, stored(skipped))
        return len(let_go)

    async def sent_as(self, platform: str, platform_ref: str) -> Delivery | None:
        """The delivery the platform knows by `platform_ref`, once it was sent."""
        return fresh(
            next(
                (
                    d
                    for d in self._all()
                    if (d.platform, d.platform_ref) == (platform, platform_ref)
                    and d.status is DeliveryStatus.SENT
                ),
                None,
            )
        )

    async def withdraw_pending(self, prefix: str) -> int:
        """Delete what is still waiting to be sent, never tried, under `prefix`; how many."""
        table = self._work.table(DELIVERIES)
        gone = [
            key
            for key, row in table.items()
            if row.delivery.key.startswith(prefix)
            and row.delivery.status is DeliveryStatus.PENDING
            and row.delivery.attempts == 0
        ]
        for key in gone:
            del table[key]
        return len(gone)

    def _all(self) -> list[Delivery]:
        """Every delivery, in the order they were queued (by id)."""
        return [row.delivery for _, row in sorted(self._work.table(DELIVERIES).items())]

    def _row(self, key: str) -> Delivery | None:
        return next((d for d in self._all() if d.key == key), None)

    def _put(self, row: DeliveryRow, delivery: Delivery) -> None:
        assert delivery.id is not None
        now = utc(self._work.database.clock.now())
        self._work.table(DELIVERIES)[delivery.id] = replace(row, delivery=delivery, updated_at=now)


def _is_due(delivery: Delivery, now: datetime) -> bool:
    return delivery.status is DeliveryStatus.PENDING and (
        delivery.not_before is None or delivery.not_before <= now
    )


class MemoryProcessRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def beat(self, process: str, now: datetime) -> None:
        self._work.table(PROCESSES)[process] = utc(now)

    async def leave(self, process: str) -> None:
        self._work.table(PROCESSES).pop(process, None)

    async def forget_others(self, process: str) -> int:
        table = self._work.table(PROCESSES)
        others = [p for p in table if p != process]
        for other in others:
            del table[other]
        return len(others)


class MemoryProcessedEventRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def record(self, event_id: str, at: datetime) -> bool:
        """Remember an incoming event; False if it was seen before."""
        table = self._work.table(PROCESSED_EVENTS)
        if event_id in table:
            return False
        table[event_id] = utc(at)
        return True

    async def seen(self, event_id: str) -> bool:
        return event_id in self._work.table(PROCESSED_EVENTS)


class MemoryAuditLog:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, entry: AuditEntry, at: datetime) -> None:
        new_id = self._work.database.next_id(AUDIT)
        details = as_json(dict(entry.details))
        self._work.table(AUDIT)[new_id] = AuditRow(new_id, replace(entry, details=details), utc(at))

    def entries(self) -> list[tuple[AuditEntry, datetime]]:
        """What this unit of work sees in the log, oldest first (for tests)."""
        rows = sorted(self._work.table(AUDIT).values(), key=lambda r: (r.at, r.id))
        return [(fresh(r.entry), r.at) for r in rows]


class MemoryConversationReferenceRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def remember(self, ref: ConversationReference) -> None:
        """Keep the reference, replacing an older one for the same address."""
        kept = replace(ref, reference=as_json(dict(ref.reference)), last_seen=utc(ref.last_seen))
        self._work.table(CONVERSATION_REFERENCES)[ref.address] = kept

    async def find(self, address: Address) -> ConversationReference | None:
        return fresh(self._work.table(CONVERSATION_REFERENCES).get(address))

    async def missing(self, addresses: Sequence[Address]) -> list[Address]:
        """The addresses with no reference, in the order given."""
        known = self._work.table(CONVERSATION_REFERENCES)
        return [address for address in addresses if address not in known]

    async def newest(self, platform: str, kind: AddressKind) -> ConversationReference | None:
        """The reference of this kind seen last on the platform (the latest kept wins ties)."""
        found = [
            ref
            for address, ref in self._work.table(CONVERSATION_REFERENCES).items()
            if (address.platform, address.kind) == (platform, kind)
        ]
        return fresh(max(found, key=lambda ref: ref.last_seen, default=None))
