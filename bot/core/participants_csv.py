"""The coordinators' participants file for a bulk invite: columns email, organisation,
seniority and, optionally, pace. Each row is checked on its own, so one bad row is
reported with its line number and the others still go in.

Files come from spreadsheets: UTF-8 with or without a byte order mark, or Windows-1252
(Excel's "CSV" on Windows), separated by commas, or by semicolons where the comma is the
decimal mark, or by tabs."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from bot.core.model import Seniority, seniority_from
from bot.core.recruitment import is_email, pace_from

COLUMNS = ("email", "organisation", "seniority", "pace")
_ALIASES = {"org": "organisation", "organization": "organisation", "e-mail": "email"}
MAX_ROWS = 5000
DELIMITERS = (",", ";", "\t")  # the first wins a tie


@dataclass(frozen=True)
class ParticipantRow:
    line: int
    email: str
    organisation: str  # an organisation's id or name, as the coordinator wrote it
    seniority: Seniority
    pace: int | None = None


@dataclass(frozen=True)
class RowProblem:
    line: int
    problem: str
    email: str = ""


class ParticipantsFileError(ValueError):
    """The file as a whole cannot be read: no header, or a required column missing."""


def decode(data: bytes) -> tuple[str, str | None]:
    """The file's text, and the name of the encoding it was read in when not UTF-8."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Western European)"
    except UnicodeDecodeError:  # five bytes Windows-1252 leaves undefined
        return data.decode("latin-1"), "Latin-1 (Western European)"


def read_participants(text: str) -> tuple[list[ParticipantRow], list[RowProblem]]:
    """Rows that can be imported, and the problems with the others, by line number."""
    text = text.removeprefix("\ufeff")
    first_line = text.partition("\n")[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header = _header(next(reader, []))
    rows: list[ParticipantRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(RowProblem(line, f"more than {MAX_ROWS:,} rows: split the file"))
            break
        found = _row(line, cells, header, seen)
        if isinstance(found, RowProblem):
            problems.append(found)
        else:
            seen[found.email] = line
            rows.append(found)
    return rows, problems


def _delimiter(first_line: str) -> str:
    """The separator that makes the most column names of the header line."""
    return max(DELIMITERS, key=lambda d: len(set(_names(first_line.split(d))) & set(COLUMNS)))


def _names(cells: list[str]) -> list[str]:
    return [_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in cells]


def _header(cells: list[str]) -> dict[str, int]:
    names = _names(cells)
    missing = [c for c in COLUMNS[:3] if c not in names]
    if missing:
        raise ParticipantsFileError(
            "line 1 must name the columns email, organisation, seniority and (optionally) "
            f"pace; missing: {', '.join(missing)}"
        )
    return {name: names.index(name) for name in COLUMNS if name in names}


def _row(
    line: int, cells: list[str], header: dict[str, int], seen: dict[str, int]
) -> ParticipantRow | RowProblem:
    def cell(name: str) -> str:
        index = header.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    email = cell("email").lower()
    if not is_email(email):
        shown = email[:60] or "nothing"
        return RowProblem(line, f"the email is not an email address ({shown})")
    if email in seen:
        return RowProblem(line, f"{email} is on line {seen[email]} already", email)
    organisation = cell("organisation")
    if not organisation:
        return RowProblem(line, "the organisation is missing", email)
    seniority = seniority_from(cell("seniority"))
    if seniority is None:
        levels = ", ".join(s.value for s in Seniority)
        return RowProblem(line, f"the seniority is not one of: {levels}", email)
    pace = pace_from(cell("pace"))
    if isinstance(pace, str):
        return RowProblem(line, pace, email)
    return ParticipantRow(line, email, organisation, seniority, pace)
