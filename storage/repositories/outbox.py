"""Repositories for the outbox, the record of incoming events, and the audit log."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.model import AuditEntry, Delivery, DeliveryStatus
from bot.core.outgoing import Address, AddressKind, Outgoing
from bot.core.ports import UNREACHED
from storage.orm import AuditRow, DeliveryRow, ProcessedEventRow, ProcessRow
from storage.repositories.base import (
    dialect_insert,
    insert_new_rows,
    insert_unless_exists,
)

# What a sent delivery keeps once its content is forgotten: an empty message.
EMPTIED: dict[str, object] = {"v": 1, "message": {"text": "", "blocks": []}}


def to_delivery(row: DeliveryRow) -> Delivery:
    to = Address(row.platform, AddressKind(row.address_kind), row.recipient)
    return Delivery(
        key=row.key,
        outgoing=Outgoing.from_json({**row.payload, "to": to.to_json()}),
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        not_before=row.not_before,
        platform_ref=row.platform_ref,
        error=row.error,
        id=row.id,
        question_id=row.question_id,
        question_side=row.question_side,
        claimed_by=row.claimed_by,
        attempted_at=row.attempted_at,
        unsure=row.unsure,
    )


def stored_payload(outgoing: Outgoing) -> dict[str, object]:
    """The outgoing message's JSON without its address, which has columns of its own."""
    return {k: v for k, v in outgoing.to_json().items() if k != "to"}


def _without_file_content(outgoing: Outgoing) -> dict[str, object]:
    payload = stored_payload(outgoing)
    attachment = payload["attachment"]
    assert isinstance(attachment, dict)
    return {**payload, "attachment": {k: v for k, v in attachment.items() if k != "content"}}


class _Payloads:
    """Stored payloads, each made once: one message to many people (the welcome of a
    cohort file's thousands of participants) is the same message object for all."""

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], dict[str, object]] = {}

    def __call__(self, outgoing: Outgoing) -> dict[str, object]:
        # By identity: the objects outlive this statement, and comparing messages would
        # cost as much as making their JSON.
        same = (
            id(outgoing.message),
            outgoing.under,
            outgoing.in_thread,
            outgoing.replaces,
            outgoing.also_to_channel,
            id(outgoing.attachment),
        )
        if same not in self._made:
            self._made[same] = stored_payload(outgoing)
        return self._made[same]


def _row_values(delivery: Delivery, payloads: _Payloads) -> dict[str, object]:
    return {
        "key": delivery.key,
        "platform": delivery.outgoing.to.platform,
        "address_kind": delivery.outgoing.to.kind.value,
        "recipient": delivery.outgoing.to.id,
        "payload": payloads(delivery.outgoing),
        "question_id": delivery.question_id,
        "question_side": delivery.question_side,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "not_before": delivery.not_before,
        "platform_ref": delivery.platform_ref,
        "error": delivery.error,
    }


# Outcomes that mean a message never arrived: it could not, or it was let go as stale.
PROBLEM_STATUSES = (DeliveryStatus.FAILED.value, "skipped")


def _due(now: datetime) -> ColumnElement[bool]:
    return (DeliveryRow.status == DeliveryStatus.PENDING.value) & or_(
        DeliveryRow.not_before.is_(None), DeliveryRow.not_before <= now
    )


class SqlDeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enqueue(self, delivery: Delivery) -> bool:
        """Add to the outbox; False if a delivery with that key exists."""
        return bool(await self.enqueue_all([delivery]))

    async def enqueue_all(self, deliveries: Sequence[Delivery]) -> set[str]:
        """Add many to the outbox in one statement; the keys added (a key that exists is
        left as it is)."""
        if not deliveries:
            return set()
        payloads = _Payloads()
        added = await insert_new_rows(
            self._session,
            DeliveryRow,
            [_row_values(d, payloads) for d in deliveries],
            ["key"],
            ["key"],
        )
        return {key for (key,) in added}

    async def due(
        self, now: datetime, limit: int, leaving_out: Collection[int] = ()
    ) -> Sequence[Delivery]:
        query = select(DeliveryRow).where(_due(now))
        if leaving_out:
            query = query.where(DeliveryRow.id.not_in(leaving_out))
        rows = await self._session.scalars(query.order_by(DeliveryRow.id).limit(limit))
        return [to_delivery(row) for row in rows]

    async def claim(self, delivery: Delivery, now: datetime, until: datetime, by: str) -> bool:
        """Take a due delivery for process `by` until `until`, unless another process
        took or changed it since it was read; True if taken."""
        # One conditional UPDATE: the database lets only one claimant match the row, and
        # `attempts` (raised by every claim) shows whether the row read is still current.
        # An attempt that may have posted keeps its start, so the next one looks from there.
        attempted_at = delivery.attempted_at if delivery.outcome_unknown else now
        result = await self._session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.id == delivery.id,
                DeliveryRow.attempts == delivery.attempts,
                _due(now),
            )
            .values(
                not_before=until,
                attempts=DeliveryRow.attempts + 1,
                claimed_by=by,
                attempted_at=attempted_at,
                unsure=delivery.outcome_unknown,
            )
            .returning(DeliveryRow.id)
        )
        return result.first() is not None

    async def release_orphans(self, now: datetime, alive_since: datetime) -> int:
        """Make due at once the claims of processes not heard from since `alive_since`;
        how many."""
        alive = select(ProcessRow.id).where(ProcessRow.heartbeat_at >= alive_since)
        result = await self._session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                DeliveryRow.claimed_by.is_not(None),
                DeliveryRow.claimed_by.not_in(alive),
                DeliveryRow.not_before > now,
            )
            .values(not_before=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def save(self, delivery: Delivery) -> None:
        if delivery.id is None:
            raise ValueError("cannot save a delivery that was never stored")
        values: dict[str, object] = {
            "status": delivery.status.value,
            "attempts": delivery.attempts,
            "not_before": delivery.not_before,
            "platform_ref": delivery.platform_ref,
            "error": delivery.error,
            "claimed_by": delivery.claimed_by,
            "attempted_at": delivery.attempted_at,
            "unsure": delivery.unsure,
        }
        statement = update(DeliveryRow).where(DeliveryRow.id == delivery.id)
        if delivery.status is DeliveryStatus.SENT:
            if delivery.outgoing.attachment is not None:
                # Once a file has gone, the outbox keeps its name, not a copy of what was
                # in it (a leader's own data, everyone's progress): it is not an archive.
                values["payload"] = _without_file_content(delivery.outgoing)
        else:
            # The platform's word that the message arrived (`arrived`) may come before
            # the answer of the attempt that posted it: a lost answer does not undo it.
            statement = statement.where(DeliveryRow.status != DeliveryStatus.SENT.value)
        await self._session.execute(statement.values(values))

    async def arrived(self, platform: str, key: str, ref: str) -> bool:
        result = await self._session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.key == key,
                DeliveryRow.platform == platform,
                DeliveryRow.status != DeliveryStatus.SENT.value,
            )
            .values(
                status=DeliveryStatus.SENT.value,
                platform_ref=ref,
                error=None,
                unsure=False,
                claimed_by=None,
                not_before=None,
            )
            .returning(DeliveryRow.id)
        )
        return result.first() is not None

    async def get(self, key: str) -> Delivery | None:
        row = await self._session.scalar(select(DeliveryRow).where(DeliveryRow.key == key))
        return None if row is None else to_delivery(row)

    async def problems(self, prefix: str) -> Sequence[Delivery]:
        """Deliveries whose key starts with `prefix` that failed or were skipped."""
        rows = await self._session.scalars(
            select(DeliveryRow)
            .where(
                DeliveryRow.key.startswith(prefix, autoescape=True),
                DeliveryRow.status.in_(PROBLEM_STATUSES),
            )
            .order_by(DeliveryRow.id)
        )
        return [to_delivery(row) for row in rows]

    async def retry_unreached(self, address: Address, prefix: str) -> int:
        """Send again what failed because `address` could not be reached yet, among the
        deliveries whose key starts with `prefix`; how many."""
        result = await self._session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.platform == address.platform,
                DeliveryRow.address_kind == address.kind.value,
                DeliveryRow.recipient == address.id,
                DeliveryRow.key.startswith(prefix, autoescape=True),
                DeliveryRow.status == DeliveryStatus.FAILED.value,
                DeliveryRow.error.startswith(UNREACHED, autoescape=True),
            )
            .values(status=DeliveryStatus.PENDING.value, attempts=0, error=None, not_before=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def keys_starting(self, prefix: str) -> set[str]:
        """The keys of every delivery whose key starts with `prefix`, in one query."""
        keys = await self._session.scalars(
            select(DeliveryRow.key).where(DeliveryRow.key.startswith(prefix, autoescape=True))
        )
        return set(keys)

    async def next_not_before(self) -> datetime | None:
        """When the earliest pending delivery may go; None if nothing is pending."""
        return await self._session.scalar(
            select(func.min(DeliveryRow.not_before)).where(
                DeliveryRow.status == DeliveryStatus.PENDING.value
            )
        )

    async def sent_as(self, platform: str, platform_ref: str) -> Delivery | None:
        """The delivery the platform knows by `platform_ref`, once it was sent."""
        row = await self._session.scalar(
            select(DeliveryRow)
            .where(
                DeliveryRow.platform == platform,
                DeliveryRow.platform_ref == platform_ref,
                DeliveryRow.status == DeliveryStatus.SENT.value,
            )
            .order_by(DeliveryRow.id)
            .limit(1)
        )
        return None if row is None else to_delivery(row)

    async def withdraw_pending(self, prefix: str) -> int:
        """Delete what is still waiting to be sent, never tried, among the deliveries whose
        key starts with `prefix`; how many."""
        # A claim adds an attempt in the same statement that takes the row, so a row being
        # sent right now has an attempt and stays: its sender will record what happened.
        result = await self._session.execute(
            delete(DeliveryRow).where(
                DeliveryRow.key.startswith(prefix, autoescape=True),
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                DeliveryRow.attempts == 0,
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def skip_pending(self, prefixes: Sequence[str], reason: str) -> int:
        """Let go, as skipped with `reason`, every pending delivery whose key starts with
        one of `prefixes`; how many."""
        if not prefixes:
            return 0
        result = await self._session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.status == DeliveryStatus.PENDING.value,
                or_(*(DeliveryRow.key.startswith(p, autoescape=True) for p in prefixes)),
            )
            .values(status=DeliveryStatus.SKIPPED.value, error=reason, not_before=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class SqlProcessRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def beat(self, process: str, now: datetime) -> None:
        statement = dialect_insert(self._session, ProcessRow).values(id=process, heartbeat_at=now)
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=["id"], set_={"heartbeat_at": now})
        )

    async def leave(self, process: str) -> None:
        await self._session.execute(delete(ProcessRow).where(ProcessRow.id == process))

    async def forget_others(self, process: str) -> int:
        result = await self._session.execute(delete(ProcessRow).where(ProcessRow.id != process))
        return int(getattr(result, "rowcount", 0) or 0)


class SqlProcessedEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, event_id: str, at: datetime) -> bool:
        """Remember an incoming event; False if it was seen before."""
        values = {"event_id": event_id, "received_at": at}
        return await insert_unless_exists(self._session, ProcessedEventRow, values, ["event_id"])

    async def seen(self, event_id: str) -> bool:
        """Whether the event was recorded, for effects outside the database."""
        return await self._session.get(ProcessedEventRow, event_id) is not None


class SqlAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, entry: AuditEntry, at: datetime) -> None:
        self._session.add(
            AuditRow(
                cohort_id=entry.cohort_id,
                actor_person_id=entry.actor_person_id,
                action=entry.action,
                details=dict(entry.details),
                at=at,
            )
        )
        await self._session.flush()
