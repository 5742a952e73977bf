"""Files kept behind a download link, in memory as the SQL version keeps them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.core.downloads import Download
from bot.core.outgoing import Address
from tests.fakes.core.rows import DOWNLOADS
from tests.fakes.core.tables import WorkingSet, fresh, stored, utc


class MemoryDownloadRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, download: Download) -> Download:
        """Keep the download, unless one for the same delivery is kept: then that one."""
        table = self._work.table(DOWNLOADS)
        for kept in table.values():
            if kept.delivery_key == download.delivery_key:
                return fresh(kept)
        table[download.token] = stored(download)
        return fresh(table[download.token])

    async def get(self, token: str, now: datetime) -> Download | None:
        found = self._work.table(DOWNLOADS).get(token)
        if found is None or found.expires_at <= utc(now):
            return None
        return fresh(found)

    async def delete_expired(self, now: datetime) -> int:
        return self._delete(lambda d: d.expires_at <= utc(now))

    async def erase_for(self, addresses: Sequence[Address]) -> int:
        wanted = set(addresses)
        return self._delete(lambda d: d.to in wanted)

    def _delete(self, doomed: Callable[[Download], bool]) -> int:
        table = self._work.table(DOWNLOADS)
        tokens = [token for token, d in table.items() if doomed(d)]
        for token in tokens:
            del table[token]
        return len(tokens)
