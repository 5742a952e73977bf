"""In-memory announcements, as SQL keeps them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.announcements import Announcement, AnnouncementStatus
from tests.fakes.core.rows import ANNOUNCEMENTS
from tests.fakes.core.tables import WorkingSet, fresh, stored


class MemoryAnnouncementRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, announcement: Announcement) -> Announcement:
        """Keep a draft; it comes back with its id."""
        added = stored(replace(announcement, id=self._work.database.next_id(ANNOUNCEMENTS)))
        assert added.id is not None
        self._work.table(ANNOUNCEMENTS)[added.id] = added
        return fresh(added)

    async def get(self, announcement_id: int) -> Announcement | None:
        return fresh(self._work.table(ANNOUNCEMENTS).get(announcement_id))

    async def decide(self, announcement_id: int, status: AnnouncementStatus, at: datetime) -> bool:
        """Send or drop a draft; False if it was no longer a draft (decided before)."""
        table = self._work.table(ANNOUNCEMENTS)
        found = table.get(announcement_id)
        if found is None or found.status is not AnnouncementStatus.DRAFT:
            return False
        table[announcement_id] = stored(replace(found, status=status, decided_at=at))
        return True
