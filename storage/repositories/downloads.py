"""Files kept for a few days behind a download link."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.downloads import Download
from bot.core.outgoing import Address, AddressKind
from storage.orm import DownloadRow
from storage.repositories.base import insert_unless_exists

# Addresses per DELETE, well under every database's parameter limit.
ADDRESSES_PER_QUERY = 300


def to_download(row: DownloadRow) -> Download:
    return Download(
        token=row.token,
        delivery_key=row.delivery_key,
        name=row.name,
        title=row.title,
        content=bytes(row.content),
        media_type=row.media_type,
        to=Address(row.platform, AddressKind(row.address_kind), row.recipient),
        created_at=row.created_at,
        expires_at=row.expires_at,
    )


class SqlDownloadRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, download: Download) -> Download:
        """Keep the download, unless one for the same delivery is kept: then that one."""
        values = {
            "token": download.token,
            "delivery_key": download.delivery_key,
            "name": download.name,
            "title": download.title,
            "content": download.content,
            "media_type": download.media_type,
            "platform": download.to.platform,
            "address_kind": download.to.kind.value,
            "recipient": download.to.id,
            "created_at": download.created_at,
            "expires_at": download.expires_at,
        }
        if await insert_unless_exists(self._session, DownloadRow, values, ["delivery_key"]):
            return download
        row = await self._session.scalar(
            select(DownloadRow).where(DownloadRow.delivery_key == download.delivery_key)
        )
        assert row is not None, "the insert met this row"
        return to_download(row)

    async def get(self, token: str, now: datetime) -> Download | None:
        """By primary key: the database's index finds it, no scan compares tokens."""
        row = await self._session.get(DownloadRow, token)
        if row is None or row.expires_at <= now:
            return None
        return to_download(row)

    async def delete_expired(self, now: datetime) -> int:
        return await self._delete(DownloadRow.expires_at <= now)

    async def erase_for(self, addresses: Sequence[Address]) -> int:
        deleted = 0
        columns = (DownloadRow.platform, DownloadRow.address_kind, DownloadRow.recipient)
        for start in range(0, len(addresses), ADDRESSES_PER_QUERY):
            chunk = [
                (a.platform, a.kind.value, a.id)
                for a in addresses[start : start + ADDRESSES_PER_QUERY]
            ]
            deleted += await self._delete(tuple_(*columns).in_(chunk))
        return deleted

    async def _delete(self, where: Any) -> int:
        result = await self._session.execute(
            delete(DownloadRow).where(where), execution_options={"synchronize_session": False}
        )
        return int(typing.cast(CursorResult[Any], result).rowcount or 0)
