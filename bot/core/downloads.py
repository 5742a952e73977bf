"""Files offered as a download link: where a platform lets a bot post no file itself,
the bot keeps the file for a few days and links to it.

A download is found by its token alone, so the token is long and random: 32 bytes from
`secrets`, url-safe (43 characters), never derived from anything a person could guess.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from bot.core.outgoing import Address, Attachment

TOKEN_BYTES = 32
# What `new_token` makes: checked before any lookup, so junk never reaches the database.
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
MEDIA_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".png": "image/png",
}
OTHER = "application/octet-stream"


def new_token() -> str:
    """A fresh, unguessable token (256 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text: str) -> bool:
    return TOKEN.fullmatch(text) is not None


def media_type(name: str) -> str:
    """The file's media type, from its name: the bot makes only a few kinds."""
    return MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), OTHER)


@dataclass(frozen=True)
class Download:
    """A file kept for one person or channel to fetch by link until it expires."""

    token: str
    # The outbox delivery that offered it: a retried send finds the same download.
    delivery_key: str
    name: str
    title: str
    content: bytes
    media_type: str
    to: Address
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(
        cls,
        delivery_key: str,
        attachment: Attachment,
        to: Address,
        created_at: datetime,
        expires_at: datetime,
    ) -> Download:
        content = attachment.content
        return cls(
            token=new_token(),
            delivery_key=delivery_key,
            name=attachment.name,
            title=attachment.title,
            content=content if isinstance(content, bytes) else content.encode("utf-8"),
            media_type=media_type(attachment.name),
            to=to,
            created_at=created_at,
            expires_at=expires_at,
        )

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def days(self) -> int:
        """How many days the link works for, as people are told."""
        return max(1, round((self.expires_at - self.created_at).total_seconds() / 86400))
