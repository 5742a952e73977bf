"""Download links: a file kept for a few days for the person or channel it was sent to,
where their platform takes no file from a bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.downloads import Download, is_token
from bot.core.outgoing import Address, Attachment
from bot.core.ports import Clock, UnitOfWorkFactory

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class Downloads:
    uow: UnitOfWorkFactory
    clock: Clock
    days: int = DEFAULT_DAYS

    async def offer(self, delivery_key: str, attachment: Attachment, to: Address) -> Download:
        """Keep the file of the delivery `delivery_key` for `to`, for `days` days. A send
        that is tried again gets the download kept the first time, with the same link."""
        now = self.clock.now()
        download = Download.of(delivery_key, attachment, to, now, now + timedelta(days=self.days))
        async with self.uow() as uow:
            kept = await uow.downloads.add(download)
            await uow.commit()
        return kept

    async def fetch(self, token: str) -> Download | None:
        """The file behind a link; None for a token that is not one, unknown or expired."""
        if not is_token(token):
            return None
        async with self.uow() as uow:
            return await uow.downloads.get(token, self.clock.now())

    async def delete_expired(self) -> int:
        """Delete the files whose links have expired; run by the outbox sweep."""
        async with self.uow() as uow:
            deleted = await uow.downloads.delete_expired(self.clock.now())
            await uow.commit()
        return deleted
