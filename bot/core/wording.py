"""Small helpers that keep the bot's English consistent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta


def duration(minutes: int) -> str:
    """'1 hour 30 minutes', '45 minutes', '2 hours'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def day(value: date) -> str:
    """'Monday 11 January 2027', as GOV.UK writes dates."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def numbers(values: Sequence[int]) -> str:
    """'3', '3 and 5', '1, 2 and 4'."""
    return listed([str(v) for v in values])


def listed(words: Sequence[str]) -> str:
    """'tea', 'tea and cake', 'tea, cake and fruit'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def capitalised(text: str) -> str:
    """The text with its first letter a capital, the rest as it was."""
    return text[:1].upper() + text[1:]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def age(span: timedelta) -> str:
    """How long something has waited, roughly: '40 minutes', '5 hours', '3 days'."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return plural(max(minutes, 1), "minute")
    if minutes < 48 * 60:
        return plural(minutes // 60, "hour")
    return plural(minutes // (24 * 60), "day")


# A choice longer than this is hard to read in a list of them: longer names are clipped.
CHOICE_LENGTH = 75


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_CUT_WORD = re.compile(r"\s\S*\Z")


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, line breaks kept, ending in an ellipsis so
    nobody takes it for the whole. The cut falls between words where a word break is in
    the second half; a longer word (a link) is cut where it must be."""
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    cut_word = None if text[limit - 1].isspace() else _CUT_WORD.search(kept)
    if cut_word and cut_word.start() >= limit // 2:
        kept = kept[: cut_word.start()]
    return kept.rstrip() + "…"
