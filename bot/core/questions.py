"""Questions leaders ask the moderators, and the conversation about each one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.model import Curriculum

MAX_QUESTION = 3000
# A moderator's reply that starts with this stays in the moderators' thread.
INTERNAL_MARKER = "(internal)"
_REFERENCE = re.compile(r"(?:q-?)?(\d{1,9})", re.IGNORECASE | re.ASCII)
_WORD = re.compile(r"\w+")
MAX_TERMS = 16  # a long question is searched by its first distinct words
# Words that tell one question from another too little to search for. The core drops them
# before either database sees the words, so both search alike.
_COMMON = """a about after all also am an and any are as at be been but by can could did do
    does for from get got had has have how i if in into is it its just me more most my no not
    of on or our out over should so some than that the their them then there these they this
    to up us was we were what when where which who why will with would you your"""
STOP_WORDS = frozenset(_COMMON.split())


class QuestionStatus(StrEnum):
    DRAFT = "draft"  # written to the bot directly; waits for the leader to confirm
    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    RESOLVED = "resolved"

    @property
    def waiting(self) -> bool:
        """Still waiting for a moderator to answer."""
        return self in (QuestionStatus.OPEN, QuestionStatus.CLAIMED)


class Side(StrEnum):
    """Where a message about a question was written."""

    ASKER = "asker"  # in the leader's direct-message thread
    MODERATORS = "moderators"  # in the question's thread in the moderators' channel


@dataclass
class Question:
    cohort_id: int
    asker_id: int  # a person id; never shown to moderators when `anonymous`
    text: str
    asked_at: datetime
    module_id: str | None = None
    anonymous: bool = False
    may_publish: bool = False  # the asker agreed the answer may be shared without their name
    status: QuestionStatus = QuestionStatus.OPEN
    claimed_by: int | None = None  # a person id
    first_reply_at: datetime | None = None
    reminded_at: datetime | None = None
    published_at: datetime | None = None
    id: int | None = None

    @property
    def reference(self) -> str:
        return f"Q-{self.id}"


@dataclass
class Post:
    """One message in a question's conversation, as written on either side."""

    question_id: int
    author_id: int  # a person id
    side: Side
    text: str
    source: str  # the platform's reference to the message as written, to follow edits
    at: datetime
    internal: bool = False
    id: int | None = None


def reference_number(text: str) -> int | None:
    """12 from 'Q-12', 'q12' or '12'."""
    match = _REFERENCE.fullmatch(text.strip())
    return int(match.group(1)) if match else None


def is_internal(text: str) -> bool:
    return text.lstrip().lower().startswith(INTERNAL_MARKER)


def search_terms(text: str) -> tuple[str, ...]:
    """The words of `text` worth searching for, in order: lower case, without the common
    words that would match every question, each once."""
    words = (word.casefold() for word in _WORD.findall(text))
    return tuple(dict.fromkeys(w for w in words if len(w) > 1 and w not in STOP_WORDS))[:MAX_TERMS]


def module_titles(curriculum: Curriculum) -> dict[str, str]:
    """Each module's id with the name leaders know it by: '6. Choosing measures that matter'."""
    return {m.id: f"{n}. {m.title}" for n, m in enumerate(curriculum.modules, 1)}
