"""A coordinator's announcement: written, checked by its author, then sent once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AnnouncementStatus(StrEnum):
    DRAFT = "draft"  # written; its author has not said yet whether to send it
    SENT = "sent"  # queued in the outbox for the channel (and each leader)
    DROPPED = "dropped"  # its author chose not to send it


@dataclass
class Announcement:
    cohort_id: int
    text: str
    to_leaders: bool  # also a direct message to each leader, besides the cohort channel
    created_at: datetime
    status: AnnouncementStatus = AnnouncementStatus.DRAFT
    decided_at: datetime | None = None
    id: int | None = None
