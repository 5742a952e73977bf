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
from bot.core.services.participant_import import ImportResult, check
from bot.import_report import SLACK, TEAMS, dry_run_report, report

if TYPE_CHECKING:
    from bot.bootstrap import Core, CourseFiles
    from handlers.slack.directory import SlackDirectory

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
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and say what an import would do, without Slack or Teams, "
        "without the database, and changing nothing",
    )
    parser.add_argument("--database-url", help="use this database (default: DATABASE_URL)")
    parser.set_defaults(action=run_import)


async def run_import(settings: Settings, args: argparse.Namespace) -> int:
    """Look each row up on the cohort's platform (Slack's users.lookupByEmail, or the
    roster of the cohort's team in Teams), seat or waitlist them, and print what happened;
    or, for a dry run, check the file against the cohort file and say what would happen."""
    if settings.mode == "console" and not args.dry_run:
        print(NEEDS_SLACK, file=sys.stderr)
        return 2
    try:
        text, encoding = decode(args.file.read_bytes())
        rows, problems = read_participants(text)
    except OSError as error:
        print(f"Cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
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
    if args.dry_run:
        return _dry_run(settings, args.file, rows, problems)
    from handlers.teams.people import NotInTeam

    try:
        results, platform_name = await _import(settings, rows, len(problems))
    except NotInTeam:
        print(NOT_IN_TEAM, file=sys.stderr)
        return 2
    print(report(results, problems, platform_name))
    return 0 if all(r.imported for r in results) and not problems else 1


def _dry_run(
    settings: Settings, file: Path, rows: Sequence[ParticipantRow], problems: Sequence[RowProblem]
) -> int:
    """Check the rows against the cohort file's organisations, which an import sets up
    before it starts; print what an import would do."""
    from bot.bootstrap import read_course_files

    results = check(rows, read_course_files(settings).cohort.organisations)
    platform = SLACK if settings.slack_enabled else TEAMS
    if not (settings.slack_enabled or settings.teams_enabled):
        platform = f"{SLACK} or {TEAMS} (set one up first)"
    print(dry_run_report(file, results, problems, platform))
    return 0 if all(r.imported for r in results) and not problems else 1


async def _import(
    settings: Settings, rows: Sequence[ParticipantRow], unreadable: int
) -> tuple[list[ImportResult], str]:
    """The rows imported on the cohort's platform, and the platform's name; the progress
    bar counts the `unreadable` rows of the file as done from the start."""
    from bot.app import check_slack_ids, cohort_platform
    from bot.bootstrap import NoDirectory, bootstrap, read_course_files
    from bot.console_memory import tool_clock
    from handlers.slack.ids import PLATFORM as SLACK_PLATFORM
    from storage.migrate import upgrade

    course = read_course_files(settings)
    platform = cohort_platform(settings)
    on_slack = platform == SLACK_PLATFORM
    if on_slack:
        check_slack_ids(settings, course)
    await upgrade(settings.database_url)
    slack = _slack_directory(settings) if on_slack else None
    clock = await tool_clock(settings.database_url, course, None, offers_at=False)
    # No senders: welcome messages wait in the outbox for the running bot to send.
    core = bootstrap(settings, course, clock, slack or NoDirectory(), {})
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
