"""Text fitted to Slack's limits: escaped for mrkdwn, then shortened or split, counting the
characters Slack counts (the escaped ones). Ids are never cut: a cut id would route a
press or a form nowhere, so one that is too long is refused."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.wording import shorten

_WORDS = re.compile(r"(?<=\s)")  # a line split after each space, the spaces kept


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup control."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """`text` escaped, and shortened first where the escaped text would pass `limit`: an
    ellipsis shows the cut, which never falls inside a word or an escape."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    used = kept = 0
    while used + len(escape(text[kept])) <= limit - 1:  # room for the ellipsis
        used += len(escape(text[kept]))
        kept += 1
    return escape(shorten(text, kept + 1))


def checked(value: str, limit: int, what: str) -> str:
    """An id or value as it is, or a clear error rather than a payload Slack rejects."""
    if len(value) > limit:
        raise ValueError(f"{what} {value[:40]!r}… is {len(value)} characters; Slack takes {limit}")
    return value


def chunks(text: str, size: int, escaping: Callable[[str], str] = escape) -> list[str]:
    """Text in pieces of at most `size` once escaped: whole lines where they fit, then whole
    words, then the characters of a word longer than a piece."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        piece = escaping(line)
        joined = f"{current}\n{piece}" if current else piece
        if len(joined) <= size:
            current = joined
            continue
        if current:
            pieces.append(current)
        *whole, current = _split_line(line, size, escaping)
        pieces += whole
    return [*pieces, current] if current or not pieces else pieces


def _split_line(line: str, size: int, escaping: Callable[[str], str]) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in _WORDS.split(line):
        escaped = escaping(word)
        units = [escaped] if len(escaped) <= size else [escaping(char) for char in word]
        for unit in units:
            if current and len(current) + len(unit) > size:
                pieces.append(current)
                current = ""
            current += unit
    return [*pieces, current]
