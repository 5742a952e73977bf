"""What `facilitator import` prints: a table of every row by line, what came of them, and
what to do next; for a dry run, what an import would do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.core.participants_csv import RowProblem
from bot.core.services.participant_import import READY, ImportResult, not_found
from bot.core.wording import plural

SLACK = "Slack"  # how the outcomes name the platform
TEAMS = "Teams"
# What to do about an email the platform does not know, by the platform's name.
ADD_THEM = {
    SLACK: "invite them to the workspace",
    TEAMS: "add them to the cohort's team",
}


def report(
    results: Sequence[ImportResult], problems: Sequence[RowProblem], platform_name: str = SLACK
) -> str:
    """A table of every row by line number, then the emails not found on the platform
    (`platform_name`, as people call it) and the bad rows."""
    rows = [
        (str(r.line), r.email, r.name or "-", r.organisation or "-", r.outcome) for r in results
    ]
    rows += [
        (str(p.line), p.email or "-", "-", "-", f"not imported: {p.problem}") for p in problems
    ]
    lines = _table(("line", "email", "name", "organisation", "what happened"), rows)
    counts = _counts(results, platform_name)
    lines += ["", f"{len(results) + len(problems)} rows: {counts}, {len(problems)} not readable."]
    missing = [r.email for r in results if r.outcome == not_found(platform_name)]
    if missing:
        add_them = ADD_THEM.get(platform_name, "add them")
        lines += ["", f"Not found in {platform_name} ({add_them}, then import again):"]
        lines += [f"  {email}" for email in missing]
    refused = [(p.line, p.problem) for p in problems]
    refused += [(r.line, r.outcome) for r in results if not r.imported and r.email not in missing]
    if refused:
        lines += ["", "Rows not imported (fix them and import the file again; rows already"]
        lines += ["imported are left as they are):"]
        lines += [f"  line {line}: {problem}" for line, problem in sorted(refused)]
    if any(r.outcome.startswith(("enrolled", "waitlisted")) for r in results):
        lines += ["", "Welcome and waitlist messages go out from the running bot."]
    return "\n".join(lines)


def _counts(results: Sequence[ImportResult], platform_name: str) -> str:
    missing = not_found(platform_name)
    kinds = ("enrolled", "waitlisted", "already", missing)
    found = {k: sum(1 for r in results if r.outcome.startswith(k)) for k in kinds}
    other = len(results) - sum(found.values())
    return (
        f"{found['enrolled']} enrolled, {found['waitlisted']} waitlisted, "
        f"{found['already']} already there, {found[missing]} {missing}"
        + (f", {other} with other problems" if other else "")
    )


def dry_run_report(
    file: Path, results: Sequence[ImportResult], problems: Sequence[RowProblem], platform: str
) -> str:
    """Every row by line with what an import would do with it, for `import --dry-run`;
    `platform` names where the import looks emails up."""
    rows = [(str(r.line), r.email, r.organisation or "-", _would(r)) for r in results]
    rows += [(str(p.line), p.email or "-", "-", f"not imported: {p.problem}") for p in problems]
    ready = sum(1 for r in results if r.imported)
    refused = len(results) + len(problems) - ready
    first = "Import the file without --dry-run."
    if refused:
        first = "Fix the rows not imported, then import the file without --dry-run."
    lines = [f"A dry run: I checked {file}, imported nobody and sent nothing.", ""]
    lines += _table(("line", "email", "organisation", "what would happen"), rows)
    lines += ["", f"{plural(ready + refused, 'row')}: {ready} {READY}, {refused} not imported."]
    lines += [
        "",
        f"{first} The import looks each email up in {platform}: those it finds get a seat or "
        "a place on the waiting list, and it lists those it cannot find for you to invite.",
    ]
    return "\n".join(lines)


def _would(result: ImportResult) -> str:
    return result.outcome if result.imported else f"not imported: {result.outcome}"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows in line order under the header, in columns as wide as their widest cell."""
    ordered = sorted(rows, key=lambda row: int(row[0]))
    widths = [max(len(row[i]) for row in [header, *ordered]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, tuple("-" * w for w in widths), *ordered]
    ]
