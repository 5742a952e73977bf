"""The `facilitator` command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import gc
import io
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from bot import import_cli
from bot.bootstrap import Core, CourseFiles, NoDirectory, bootstrap, read_course_files
from bot.config import Settings, SettingsError, load_settings, timetable
from bot.core.clock import SystemClock
from bot.core.model import PACES
from bot.core.personal_data import parse_age
from bot.core.preview import calendar_text, closing_lines, programme_calendar
from bot.core.replies.data_rights import purge_report
from bot.core.replies.insights import report_csv, report_markdown
from bot.core.wording import plural
from bot.logs import configure_logging
from bot.yaml_files import SetupFileError
from storage.engine import DatabaseNotReady
from storage.migrate import check_up_to_date, upgrade
from storage.sole_user import DatabaseInUse

TEAMS_PACKAGE = "facilitator-teams.zip"


def event_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (everywhere but Windows), else asyncio's
    own. The same work costs the bot an eighth less CPU on uvloop: a request's sockets,
    timers and callbacks are handled in C (docs/DESIGN.md, "Issue 13: less CPU for each
    check-in")."""
    try:
        import uvloop
    except ImportError:  # Windows
        return None
    return uvloop.new_event_loop


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(
            **({"database_url": args.database_url} if getattr(args, "database_url", None) else {})
        )
        configure_logging(settings.log_level, settings.log_format)
        return int(asyncio.run(args.action(settings, args), loop_factory=event_loop()) or 0)
    except SettingsError as error:
        print(
            f"Facilitator cannot start. Fix these settings (in .env or the environment):\n{error}",
            file=sys.stderr,
        )
    except SetupFileError as error:
        print(f"Facilitator cannot start. Fix this set-up file:\n{error}", file=sys.stderr)
    except DatabaseInUse as error:
        print(f"Facilitator cannot start. {error}", file=sys.stderr)
    except DatabaseNotReady as error:
        print(f"Facilitator cannot use its database: {error}", file=sys.stderr)
    except (SQLAlchemyError, OSError) as error:
        print(
            "Facilitator cannot use its database. Check DATABASE_URL and that the database "
            f"is running.\n{type(error).__name__}: {str(error).splitlines()[0]}",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 0
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator", description="Runs a learning cohort on Slack."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="start the bot (the console shell when Slack is not set up)"
    )
    run.set_defaults(action=_run)
    shell = commands.add_parser("shell", help="the local console shell")
    shell.add_argument("--script", type=Path, help="run the lines of FILE and print the transcript")
    shell.add_argument(
        "--start", type=_local_time, help='start the clock at "YYYY-MM-DD HH:MM" (cohort time)'
    )
    shell.add_argument(
        "--database-url",
        help="use this database (default: DATABASE_URL, or a fresh one with --script)",
    )
    shell.set_defaults(action=_shell)
    preview = commands.add_parser("preview", help="print the programme as a calendar")
    preview.add_argument("--pace", type=int, choices=PACES, help="weeks (default: the cohort's)")
    preview.set_defaults(action=_preview)
    import_cli.add_parser(commands)
    report = commands.add_parser(
        "report", help="the cohort's headline findings and the figures behind them"
    )
    report.add_argument(
        "--format", choices=("md", "csv"), default="md", help="Markdown (the default) or CSV"
    )
    report.add_argument(
        "--chart", type=Path, metavar="FILE", help="also write the completion chart to FILE (PNG)"
    )
    export = commands.add_parser("export", help="write all the cohort's data as CSV files")
    export.add_argument("folder", type=Path, metavar="DIR", help="the folder to write them in")
    for reader in (report, export):
        reader.add_argument(
            "--at", type=_local_time, help='as at "YYYY-MM-DD HH:MM" (cohort time; default now)'
        )
        reader.add_argument("--database-url", help="use this database (default: DATABASE_URL)")
    report.set_defaults(action=_report)
    export.set_defaults(action=_export)
    purge = commands.add_parser(
        "purge",
        help="erase the personal data of cohorts whose course ended long enough ago",
    )
    purge.add_argument(
        "--older-than",
        required=True,
        metavar="AGE",
        help="how long after the course ended: days or weeks, such as 365d or 52w",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="list what would be erased, and erase nothing"
    )
    purge.add_argument(
        "--at", type=_local_time, help='count from "YYYY-MM-DD HH:MM" (cohort time; default now)'
    )
    purge.add_argument("--database-url", help="use this database (default: DATABASE_URL)")
    purge.set_defaults(action=_purge)
    teams = commands.add_parser(
        "teams-package", help="write the app package (a zip) to upload to Microsoft Teams"
    )
    teams.add_argument(
        "--out",
        type=Path,
        default=Path(TEAMS_PACKAGE),
        metavar="FILE",
        help=f"where to write it (default: {TEAMS_PACKAGE} in this folder)",
    )
    teams.set_defaults(action=_teams_package)
    db = commands.add_parser("db", help="database tasks")
    db_commands = db.add_subparsers(required=True, metavar="TASK")
    db_commands.add_parser("upgrade", help="apply database migrations").set_defaults(
        action=_db_upgrade
    )
    return parser


async def _run(settings: Settings, _: argparse.Namespace) -> None:
    # The collector is off while the bot starts, until it is up and has collected once
    # (bot.app.keep_start_up_out_of_garbage_collection); on again if start-up fails, and
    # for the console.
    with _collector_off():
        course = read_course_files(settings)
        if settings.mode != "console":
            from bot.app import run

            await run(settings, course, SystemClock())
            return
    print(
        "No Slack or Teams credentials, so this is the console shell "
        "(README: Connect to Slack, Connect to Microsoft Teams)."
    )
    await _start_shell(settings, course, None, None)


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def _shell(settings: Settings, args: argparse.Namespace) -> int:
    script = None
    if args.script is not None:
        script = _script_lines(args.script)
        if script is None:
            return 2
    course = read_course_files(settings)
    if script is None or args.database_url:
        await _start_shell(settings, course, script, args.start)
        return 0
    # A script runs on a fresh database, so its transcript is the same every time.
    with tempfile.TemporaryDirectory(prefix="facilitator-") as folder:
        fresh = settings.model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{folder}/shell.db"}
        )
        await _start_shell(fresh, course, script, args.start)
    return 0


def _script_lines(path: Path) -> list[str] | None:
    """The script's lines, or None after saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        problem = error.strerror or str(error)
    except UnicodeDecodeError:
        problem = "it is not UTF-8 text"
    print(f"facilitator shell: cannot read the script {path} ({problem}).", file=sys.stderr)
    return None


async def _start_shell(
    settings: Settings, course: CourseFiles, script: list[str] | None, start: datetime | None
) -> None:
    from bot.console import run_shell

    await upgrade(settings.database_url)
    zone = ZoneInfo(course.cohort.cohort.time_zone)
    await run_shell(settings, course, script, start.replace(tzinfo=zone) if start else None)


async def _preview(settings: Settings, args: argparse.Namespace) -> None:
    course = read_course_files(settings)
    cohort = course.cohort.cohort
    pace = args.pace or cohort.default_pace
    entries = programme_calendar(cohort, course.curriculum, timetable(settings), pace)
    title = f"{cohort.name}: the {pace}-week programme ({cohort.time_zone} time)"
    after = closing_lines(settings.command_names)
    print(calendar_text(entries, ZoneInfo(cohort.time_zone), title, after))


async def _report(settings: Settings, args: argparse.Namespace) -> int:
    course = read_course_files(settings)
    core = await _reader(settings, course, args.at)
    try:
        await _warn_of_retired_modules(core, course)
        insights = await core.insights().for_cohort(_slug(course))
    finally:
        await core.engine.dispose()
    if insights is None:
        return _not_set_up(course)
    print(report_markdown(insights) if args.format == "md" else report_csv(insights), end="")
    if args.chart:
        sys.stdout.flush()  # the report first, then the note on stderr
        png = core.charts.completion_png(insights.series, insights.chart_title)
        try:
            args.chart.write_bytes(png)
        except OSError as error:
            print(f"Cannot write the chart to {args.chart}: {error.strerror}", file=sys.stderr)
            return 2
        print(f"Wrote the chart to {args.chart}", file=sys.stderr)
    return 0


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    course = read_course_files(settings)
    core = await _reader(settings, course, args.at)
    try:
        await _warn_of_retired_modules(core, course)
        files = await core.insights().export(_slug(course))
    finally:
        await core.engine.dispose()
    if files is None:
        return _not_set_up(course)
    folder: Path = args.folder
    try:
        _write_files(folder, files)
    except OSError as error:
        print(f"Cannot write the files in {folder}: {error.strerror}", file=sys.stderr)
        return 2
    for name, text in files.items():
        rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
        print(f"{folder / name}: {plural(rows, 'row')}")
    return 0


def _write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        # The CSV text has its own line endings; newline="" keeps them as they are.
        (folder / name).write_text(text, encoding="utf-8", newline="")


async def _reader(settings: Settings, course: CourseFiles, at: datetime | None) -> Core:
    """The services, to read the database as it is now (or as at `at`); nothing is sent.
    The database must be up to date: these tools never migrate or create it."""
    from bot.console_memory import tool_clock

    await check_up_to_date(settings.database_url)
    clock = await tool_clock(settings.database_url, course, at)
    return bootstrap(settings, course, clock, NoDirectory(), {})


async def _warn_of_retired_modules(core: Core, course: CourseFiles) -> None:
    """Say on stderr which stored completions the figures leave out, as the bot's start does."""
    if note := await core.services.setup.retired_modules(_slug(course)):
        print(note, file=sys.stderr)


def _slug(course: CourseFiles) -> str:
    return course.cohort.cohort.slug


def _not_set_up(course: CourseFiles) -> int:
    print(
        f"The cohort {_slug(course)} from the cohort file is not in the database yet. "
        "Start the bot once (facilitator run) and it will set it up.",
        file=sys.stderr,
    )
    return 1


async def _purge(settings: Settings, args: argparse.Namespace) -> int:
    """Erase finished cohorts' personal data, keeping anonymous figures; say what went (or,
    for a dry run, what would go)."""
    older_than = parse_age(args.older_than)
    if older_than is None:
        print(
            "facilitator purge: --older-than takes days or weeks, such as 365d or 52w, "
            f"not “{args.older_than}”.",
            file=sys.stderr,
        )
        return 2
    core = await _reader(settings, read_course_files(settings), args.at)
    try:
        purges = await core.retention().purge(older_than, dry_run=args.dry_run)
    finally:
        await core.engine.dispose()
    print("\n".join(purge_report(purges, older_than, dry_run=args.dry_run)))
    return 0


async def _teams_package(settings: Settings, args: argparse.Namespace) -> int:
    """Write the Teams app package from the settings; no database needed."""
    from handlers.teams.package import AppDetails, package_zip

    if settings.teams_app_id is None:
        print(
            "facilitator teams-package: set TEAMS_APP_ID (in .env or the environment) to your "
            "Azure Bot's Microsoft App ID first (README: Connect to Microsoft Teams).",
            file=sys.stderr,
        )
        return 2
    app = AppDetails(
        app_id=settings.teams_app_id,
        version=version("facilitator"),
        name=settings.teams_app_name,
        developer=settings.teams_developer_name,
        website_url=settings.teams_developer_url,
        privacy_url=settings.teams_privacy_url or settings.teams_developer_url,
        terms_url=settings.teams_terms_url or settings.teams_developer_url,
        domain=urlsplit(settings.public_url).hostname if settings.public_url else None,
    )
    out: Path = args.out
    try:
        written = _write_package(out, package_zip(app))
    except OSError as error:
        print(f"Cannot write the Teams app package to {out}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"Wrote the Teams app package to {written}")
    return 0


def _write_package(out: Path, package: bytes) -> Path:
    """Write to `out`, or into it when it is a folder; say where, in full."""
    path = out / TEAMS_PACKAGE if out.is_dir() else out
    path.write_bytes(package)
    return path.resolve()


async def _db_upgrade(settings: Settings, _: argparse.Namespace) -> None:
    await upgrade(settings.database_url)
    print("The database is up to date.")


def _local_time(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise argparse.ArgumentTypeError('use the form "2027-01-11 09:00"') from error
