"""Coordinators' announcements: the draft its author checks, then sent or dropped once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.announcements import Announcement, AnnouncementStatus
from storage.orm import AnnouncementRow


def to_announcement(row: AnnouncementRow) -> Announcement:
    return Announcement(
        cohort_id=row.cohort_id,
        text=row.text,
        to_leaders=row.to_leaders,
        created_at=row.created_at,
        status=AnnouncementStatus(row.status),
        decided_at=row.decided_at,
        id=row.id,
    )


class SqlAnnouncementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, announcement: Announcement) -> Announcement:
        """Keep a draft; it comes back with its id."""
        row = AnnouncementRow(
            cohort_id=announcement.cohort_id,
            text=announcement.text,
            to_leaders=announcement.to_leaders,
            status=announcement.status.value,
            created_at=announcement.created_at,
            decided_at=announcement.decided_at,
        )
        self._session.add(row)
        await self._session.flush()
        return replace(announcement, id=row.id)

    async def get(self, announcement_id: int) -> Announcement | None:
        row = await self._session.get(AnnouncementRow, announcement_id, populate_existing=True)
        return None if row is None else to_announcement(row)

    async def decide(self, announcement_id: int, status: AnnouncementStatus, at: datetime) -> bool:
        """Send or drop a draft; False if it was no longer a draft (decided before)."""
        # One conditional UPDATE: a second press, or two at once, decide nothing more.
        result = await self._session.execute(
            update(AnnouncementRow)
            .where(
                AnnouncementRow.id == announcement_id,
                AnnouncementRow.status == AnnouncementStatus.DRAFT.value,
            )
            .values(status=status.value, decided_at=at)
            .returning(AnnouncementRow.id)
        )
        return result.first() is not None
