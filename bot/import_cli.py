"""`facilitator import participants.csv`: invite people by email, seat or waitlist them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.config import Settings
from bot.core.participants_csv import (
    ParticipantRow,
    ParticipantsFileError,
    RowProblem,
    decode,
    read_participants,
)
from bot.core.ports import PeopleFinder
from bot.core.services.participant_import import ImportResult, not_found

if TYPE_CHECKING:
    from bot.bootstrap import Core, CourseFiles
    from handlers.slack.directory import SlackDirectory

SLACK = "Slack"  # how the outcomes name the platform
TEAMS = "Teams"
# What to do about an email the platform does not know, by the platform's name.
ADD_THEM = {
    SLACK: "invite them to the workspace",
    TEAMS: "add them to the cohort's team",
}
# Imports at least this long show a progress bar on stderr.
LONG_IMPORT = 20
BAR_WIDTH = 30
NEEDS_SLACK = (
    "facilitator import needs Slack: it looks each email up in your workspace "
    "(users.lookupByEmail). Set SLACK_BOT_TOKEN in .env (README: Connect to Slack) and "
    "add the users:read.email scope to the app, then run it again."
)
NOT_IN_TEAM = (
    "facilitator import looks each email up in the roster of the cohort's team, and the bot "
    "cannot read it yet. Add the app to the team that holds the cohort's channels (README: "
    "Connect to Microsoft Teams), then run it again."
)


def add_parser(commands: Any) -> None:
    """Register `import` on the `facilitator` command's subcommands."""
    parser = commands.add_parser(
        "import", help="invite participants from a CSV file (email, organisation, seniority)"
    )
    parser.add_argument(
        "file", type=Path, help="CSV with columns email, organisation, seniority and optional pace"
    )
    parser.add_argument("--database-url", help="use this database (default: DATABASE_URL)")
    parser.set_defaults(action=run_import)


async def run_import(settings: Settings, args: argparse.Namespace) -> int:
    """Look each row up on the cohort's platform (Slack's users.lookupByEmail, or the
    roster of the cohort's team in Teams), seat or waitlist them, and print what happened."""
    if settings.mode == "console":
        print(NEEDS_SLACK, file=sys.stderr)
        return 2
    try:
        text, encoding = decode(args.file.read_bytes())
        rows, problems = read_participants(text)
    except OSError as error:
        print(f"Cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    except ParticipantsFileError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    if encoding is not None:
        print(
            f"{args.file} is not UTF-8, so I read it as {encoding}. If a name below looks "
            "wrong, save the file as “CSV UTF-8” and import it again.",
            file=sys.stderr,
        )
    from handlers.teams.people import NotInTeam

    try:
        results, platform_name = await _import(settings, rows, len(problems))
    except NotInTeam:
        print(NOT_IN_TEAM, file=sys.stderr)
        return 2
    print(report(results, problems, platform_name))
    return 0 if all(r.imported for r in results) and not problems else 1


async def _import(
    settings: Settings, rows: Sequence[ParticipantRow], unreadable: int
) -> tuple[list[ImportResult], str]:
    """The rows imported on the cohort's platform, and the platform's name; the progress
    bar counts the `unreadable` rows of the file as done from the start."""
    from bot.app import check_slack_ids, cohort_platform
    from bot.bootstrap import NoDirectory, bootstrap, read_course_files
    from bot.core.clock import SystemClock
    from handlers.slack.ids import PLATFORM as SLACK_PLATFORM
    from storage.migrate import upgrade

    course = read_course_files(settings)
    platform = cohort_platform(settings)
    on_slack = platform == SLACK_PLATFORM
    if on_slack:
        check_slack_ids(settings, course)
    await upgrade(settings.database_url)
    slack = _slack_directory(settings) if on_slack else None
    # No senders: welcome messages wait in the outbox for the running bot to send.
    core = bootstrap(settings, course, SystemClock(), slack or NoDirectory(), {})
    finder: PeopleFinder = slack or _teams_finder(settings, course, core)
    platform_name = SLACK if on_slack else TEAMS
    try:
        await core.services.setup.apply(course.cohort, platform)
        importer = core.participant_import(finder, platform, platform_name)
        long = len(rows) + unreadable >= LONG_IMPORT
        bar = ProgressBar(sys.stderr, unreadable) if long else None
        results = await importer.run(course.cohort.cohort.slug, rows, bar)
        if bar is not None:
            bar.finish()
        return results, platform_name
    finally:
        await core.engine.dispose()


def _teams_finder(settings: Settings, course: CourseFiles, core: Core) -> PeopleFinder:
    """The roster of the cohort's team, read through a channel of the team the bot holds a
    reference to (any of the cohort's channels: a standard channel's members are the team's)."""
    from bot.app import teams_connection
    from handlers.teams.app import build_teams
    from handlers.teams.people import TeamsPeopleFinder

    teams = build_teams(teams_connection(settings))
    cohort = course.cohort.cohort
    channel = cohort.cohort_channel or cohort.coordinators_channel or cohort.moderators_channel
    return TeamsPeopleFinder(core.services.reach.reference, teams.proactive, channel)


def _slack_directory(settings: Settings) -> SlackDirectory:
    """Slack's directory, whose users.lookupByEmail finds people by email."""
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
    from slack_sdk.web.async_client import AsyncWebClient

    from handlers.slack.directory import SlackDirectory

    assert settings.slack_bot_token is not None
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url
    )
    # users.lookupByEmail allows about 50 calls a minute: wait out Slack's 429s.
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=5))
    return SlackDirectory(client)


class ProgressBar:
    """A text bar updated in place: `Importing [#####.........] 12 of 40`, counting every
    row of the file (the `unreadable` ones are done before the import starts)."""

    def __init__(self, out: TextIO, unreadable: int = 0) -> None:
        self._out = out
        self._unreadable = unreadable

    def __call__(self, done: int, total: int) -> None:
        line = progress_line(done + self._unreadable, total + self._unreadable)
        self._out.write("\r" + line)
        self._out.flush()

    def finish(self) -> None:
        self._out.write("\n")
        self._out.flush()


def progress_line(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else width
    return f"Importing [{'#' * filled}{'.' * (width - filled)}] {done} of {total}"


def report(
    results: Sequence[ImportResult], problems: Sequence[RowProblem], platform_name: str = SLACK
) -> str:
    """A table of every row by line number, then the emails not found on the platform
    (`platform_name`, as people call it) and the bad rows."""
    table = [
        (str(r.line), r.email, r.name or "-", r.organisation or "-", r.outcome) for r in results
    ]
    table += [
        (str(p.line), p.email or "-", "-", "-", f"not imported: {p.problem}") for p in problems
    ]
    table.sort(key=lambda row: int(row[0]))
    header = ("line", "email", "name", "organisation", "what happened")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, tuple("-" * w for w in widths), *table]
    ]
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
