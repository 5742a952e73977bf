"""`facilitator report` (Markdown, CSV, the chart) and `facilitator export` on a seeded database."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import matplotlib.image
import pytest

from bot.bootstrap import bootstrap, read_course_files
from bot.cli import main
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import Completion, Enrolment, Person, Role, Seniority
from bot.core.polls import FormatVote, Poll, ReflectionSession, Seat, SlotPlan
from bot.core.questions import Question, QuestionStatus
from handlers.console.adapters import ConsoleDirectory

SLUG = "loti-data-2027-1"
AT = "2027-01-27 10:00"  # Wednesday of week 3
WEEK_ONE = datetime(2027, 1, 12, 10, tzinfo=UTC)


async def seed(url: str) -> None:
    """The sample cohort, six more leaders (five on each pace), work, questions and a session."""
    settings = load_settings(_env_file=None, database_url=url)
    course = read_course_files(settings)
    core = bootstrap(settings, course, ManualClock(WEEK_ONE), ConsoleDirectory(), {})
    try:
        await core.services.setup.apply(course.cohort, "console")
        modules = [m.id for m in course.curriculum.modules]
        async with core.services.ctx.uow() as uow:
            cohort = await uow.cohorts.find(SLUG)
            assert cohort is not None and cohort.id is not None
            extra = [("eve", "Eve Ross", 3), ("finn", "Finn Shaw", 3), ("gail", "Gail Hunt", 3)]
            extra += [("hal", "Hal Kerr", 3), ("ivy", "=Ivy Lane", 6), ("jo", "Jo Wren", 6)]
            for handle, name, pace in extra:
                person = await uow.people.add(
                    Person("console", handle, name, "camden", Seniority.ASSISTANT_DIRECTOR)
                )
                assert person.id is not None
                await uow.enrolments.add(
                    Enrolment(cohort.id, person.id, Role.LEADER, pace, joined_at=WEEK_ONE)
                )
            members = await uow.enrolments.members(cohort.id, Role.LEADER)
            by_name = {m.person.display_name: m for m in members}
            for name, count in (("Amira Khan", 11), ("Ben Adeyemi", 21), ("Eve Ross", 3)):
                enrolment = by_name[name].enrolment.id
                assert enrolment is not None
                for module in modules[:count]:
                    await uow.completions.add(Completion(enrolment, module, "slash", WEEK_ONE))
            amira, ben = by_name["Amira Khan"].person, by_name["Ben Adeyemi"].person
            assert amira.id is not None and ben.id is not None
            await uow.questions.add(
                Question(cohort.id, amira.id, "Secret worry", WEEK_ONE, modules[1], anonymous=True)
            )
            await uow.questions.add(
                Question(
                    cohort.id,
                    ben.id,
                    "How big a sample?",
                    WEEK_ONE,
                    modules[6],
                    status=QuestionStatus.ANSWERED,
                    first_reply_at=WEEK_ONE + timedelta(hours=2),
                )
            )
            poll = await uow.polls.add(
                Poll(cohort.id, "Reflection", WEEK_ONE + timedelta(days=7), ben.id, WEEK_ONE),
                [SlotPlan(WEEK_ONE + timedelta(days=14), 60)],
            )
            assert poll.id is not None
            [slot] = await uow.polls.slots(poll.id)
            await uow.polls.vote_format(FormatVote(poll.id, amira.id, "Online"))
            at_slot = ReflectionSession(
                poll.id, slot.id or 0, "Zoom", "Online", starts_at=slot.starts_at, minutes=60
            )
            session = await uow.sessions.add(at_slot, [amira.id, ben.id])
            await uow.commit()
        async with core.services.ctx.uow() as uow:
            await uow.sessions.update_seat(Seat(session.id or 0, amira.id, True, 4))
            await uow.commit()
    finally:
        await core.engine.dispose()


@pytest.fixture
def seeded(database_url: str) -> str:
    asyncio.run(seed(database_url))
    return database_url


def test_the_report_prints_markdown_with_findings_first(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--database-url", seeded, "--at", AT]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "# Report: LOTI Data Master Class, cohort 1\n\n"
        "Figures on Wednesday 27 January 2027, week 3.\n\n## Headline findings\n\n"
        "- 10 leaders are enrolled from 4 organisations."
    )
    assert (
        "- 20% of leaders on the 6-week pace are on track or finished, against 20% on 3 weeks "
        "(5 and 5 leaders)."
    ) in out
    assert "| 3 weeks | 5 | 15% | 20% | 0 |  |" in out
    assert "| Camden Council | 7 | 2 |" in out
    assert "| Islington Council | 0 | 2 |  |  |  |  |" in out
    assert "| \\=Ivy Lane" not in out  # the report names no leader
    assert "- Leaders asked 2 questions, 1 of them anonymously." in out
    assert "| Online | 1 |" in out


def test_the_report_as_csv_and_the_chart_as_png(
    seeded: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chart = tmp_path / "chart.png"
    assert (
        main(
            [
                "report",
                "--format",
                "csv",
                "--chart",
                str(chart),
                "--at",
                AT,
                "--database-url",
                seeded,
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(captured.out.removeprefix("\ufeff"))))
    assert rows[0] == ["Section", "Group", "Measure", "Value", "Leaders in group", "Note"]
    assert ["Pace", "3 weeks", "Percent complete", "15", "5", ""] in rows
    assert ["Questions", "All", "Median hours to a first reply", "2.0", "", ""] in rows
    assert captured.err.strip() == f"Wrote the chart to {chart}"
    png = chart.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert matplotlib.image.imread(io.BytesIO(png), format="png").shape[:2] == (450, 800)


def test_export_writes_every_table_and_keeps_anonymous_askers_anonymous(
    seeded: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    assert main(["export", str(folder), "--at", AT, "--database-url", seeded]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"{folder / 'leaders.csv'}: 10 rows",
        f"{folder / 'organisations.csv'}: 18 rows",
        f"{folder / 'completions.csv'}: 35 rows",
        f"{folder / 'questions.csv'}: 2 rows",
        f"{folder / 'poll-votes.csv'}: 0 rows",
        f"{folder / 'format-votes.csv'}: 1 row",
        f"{folder / 'sessions.csv'}: 1 row",
        f"{folder / 'seats.csv'}: 2 rows",
    ]

    def table(name: str) -> list[dict[str, str]]:
        text = (folder / name).read_text(encoding="utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    leaders = {row["Name"]: row for row in table("leaders.csv")}
    assert leaders["Ben Adeyemi"]["Pace (weeks)"] == "3"
    assert leaders["Ben Adeyemi"]["Modules done"] == "21"
    assert leaders["Ben Adeyemi"]["Minutes done"] == "315"
    assert "'=Ivy Lane" in leaders  # no spreadsheet runs a name as a formula
    anonymous, named = table("questions.csv")
    assert (anonymous["Anonymous"], anonymous["Leader id"], anonymous["Asker"]) == ("yes", "", "")
    assert anonymous["Question"] == "Secret worry"
    assert (named["Asker"], named["Hours to first reply"]) == ("Ben Adeyemi", "2.0")
    assert named["Leader id"] == leaders["Ben Adeyemi"]["Leader id"]
    seats = table("seats.csv")
    assert [(s["Name"], s["Attended"], s["Rating"]) for s in seats] == [
        ("Amira Khan", "yes", "4"),
        ("Ben Adeyemi", "", ""),
    ]
    completions = table("completions.csv")
    assert completions[0]["Completed at (Europe/London)"] == "2027-01-12 10:00"
    assert {c["Programme week"] for c in completions} == {"1"}


def test_a_cohort_not_yet_in_the_database_is_explained(
    database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["report", "--database-url", database_url]) == 1
    assert main(["export", str(tmp_path / "out"), "--database-url", database_url]) == 1
    err = capsys.readouterr().err
    assert err.count(f"The cohort {SLUG} from the cohort file is not in the database yet.") == 2
    assert not (tmp_path / "out").exists()


async def finish_later(url: str, at: datetime) -> None:
    """Jo Wren does every module at `at`."""
    settings = load_settings(_env_file=None, database_url=url)
    course = read_course_files(settings)
    core = bootstrap(settings, course, ManualClock(at), ConsoleDirectory(), {})
    try:
        async with core.services.ctx.uow() as uow:
            cohort = await uow.cohorts.find(SLUG)
            assert cohort is not None and cohort.id is not None
            members = await uow.enrolments.members(cohort.id, Role.LEADER)
            [jo] = [m.enrolment.id for m in members if m.person.display_name == "Jo Wren"]
            assert jo is not None
            for module in course.curriculum.modules:
                await uow.completions.add(Completion(jo, module.id, "slash", at))
            await uow.commit()
    finally:
        await core.engine.dispose()


def test_report_and_export_as_at_a_moment_count_only_what_was_done_by_then(
    seeded: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    asyncio.run(finish_later(seeded, datetime(2027, 2, 10, 10, tzinfo=UTC)))
    for at, finished, jo_done in ((AT, "0", "0"), ("2027-02-11 10:00", "1", "32")):
        assert main(["report", "--format", "csv", "--at", at, "--database-url", seeded]) == 0
        rows = list(csv.reader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
        assert ["Pace", "6 weeks", "Finished", finished, "5", ""] in rows
        folder = tmp_path / at.replace(" ", "_")
        assert main(["export", str(folder), "--at", at, "--database-url", seeded]) == 0
        capsys.readouterr()
        text = (folder / "leaders.csv").read_text(encoding="utf-8-sig")
        [jo] = [row for row in csv.DictReader(io.StringIO(text)) if row["Name"] == "Jo Wren"]
        assert jo["Modules done"] == jo_done
        assert (jo["Status"] == "finished") == (finished == "1")
        text = (folder / "completions.csv").read_text(encoding="utf-8-sig")
        jo_rows = [row for row in csv.DictReader(io.StringIO(text)) if row["Name"] == "Jo Wren"]
        assert len(jo_rows) == int(jo_done)


async def did_a_retired_module(url: str) -> None:
    """Amira did a module that has since been taken out of the course file."""
    settings = load_settings(_env_file=None, database_url=url)
    course = read_course_files(settings)
    core = bootstrap(settings, course, ManualClock(WEEK_ONE), ConsoleDirectory(), {})
    try:
        async with core.services.ctx.uow() as uow:
            cohort = await uow.cohorts.find(SLUG)
            assert cohort is not None and cohort.id is not None
            members = await uow.enrolments.members(cohort.id, Role.LEADER)
            [amira] = [m.enrolment.id for m in members if m.person.display_name == "Amira Khan"]
            assert amira is not None
            await uow.completions.add(Completion(amira, "old-module", "slash", WEEK_ONE))
            await uow.commit()
    finally:
        await core.engine.dispose()


def test_report_and_export_say_which_completions_they_no_longer_count(
    seeded: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    asyncio.run(did_a_retired_module(seeded))
    note = (
        "LOTI Data Master Class, cohort 1: 1 completion of 1 module no longer in the course "
        "file (old-module) is kept but not counted in progress. Put the module back in the "
        "course file to count it again."
    )
    assert main(["report", "--at", AT, "--database-url", seeded]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == note
    assert "| Camden Council | 7 | 2 |" in captured.out
    folder = tmp_path / "export"
    assert main(["export", str(folder), "--at", AT, "--database-url", seeded]) == 0
    assert capsys.readouterr().err.strip() == note
    text = (folder / "leaders.csv").read_text(encoding="utf-8-sig")
    [amira] = [row for row in csv.DictReader(io.StringIO(text)) if row["Name"] == "Amira Khan"]
    assert amira["Modules done"] == "11"
    text = (folder / "completions.csv").read_text(encoding="utf-8-sig")
    [old] = [row for row in csv.DictReader(io.StringIO(text)) if row["Module id"] == "old-module"]
    assert (old["Module number"], old["Module"]) == ("", "(no longer in the course file)")
