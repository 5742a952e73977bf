"""The weekly progress snapshots that let a digest say what changed since last time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.progress_report import ProgressSnapshot, Summary
from storage.orm import ProgressSnapshotRow
from storage.repositories.base import insert_unless_exists


def to_snapshot(row: ProgressSnapshotRow) -> ProgressSnapshot:
    return ProgressSnapshot(row.cohort_id, row.week, row.taken_at, Summary.from_dict(row.figures))


class SqlProgressSnapshotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, snapshot: ProgressSnapshot) -> bool:
        """Keep a week's figures; False if that week was already kept."""
        values = {
            "cohort_id": snapshot.cohort_id,
            "week": snapshot.week,
            "taken_at": snapshot.taken_at,
            "figures": snapshot.summary.to_dict(),
        }
        return await insert_unless_exists(
            self._session, ProgressSnapshotRow, values, ["cohort_id", "week"]
        )

    async def latest_before(self, cohort_id: int, week: int) -> ProgressSnapshot | None:
        """The most recent snapshot of an earlier week, if any."""
        row = await self._session.scalar(
            select(ProgressSnapshotRow)
            .where(ProgressSnapshotRow.cohort_id == cohort_id, ProgressSnapshotRow.week < week)
            .order_by(ProgressSnapshotRow.week.desc())
            .limit(1)
        )
        return None if row is None else to_snapshot(row)
