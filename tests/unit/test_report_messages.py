"""The progress report, the weekly digest and the CSV export, as people read them."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

from bot.core.messages import Block, Heading, Message, Paragraph
from bot.core.model import Enrolment, Member, Organisation, Person, Role, Seniority
from bot.core.progress_report import (
    GroupFigures,
    ProgressSnapshot,
    ReachProblems,
    Summary,
    cohort_figures,
)
from bot.core.replies.reports import (
    MAX_BEHIND_LISTED,
    digest_message,
    progress_csv,
    progress_message,
)
from handlers.slack.render import fallback_text, message_blocks
from tests.fakes.block_check import check_call
from tests.unit.test_progress_report import COHORT, COURSE, ORGANISATIONS, WEEK_THREE, figures
from tests.unit.typed import SLASH

NAMES = SLASH


def paragraphs(blocks: tuple[Block, ...]) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph | Heading))


def slack_problems(message: Message) -> list[str]:
    """What the fake Slack would say about posting this message."""
    args = {"channel": "C0COORDIN1", "text": fallback_text(message)}
    return check_call("chat.postMessage", {**args, "blocks": message_blocks(message)})


def snapshot(week: int, summary: Summary) -> ProgressSnapshot:
    return ProgressSnapshot(1, week, datetime(2027, 1, 22, 15, tzinfo=UTC), summary)


def test_the_report_gives_totals_groups_and_who_is_behind() -> None:
    message = progress_message(COHORT, figures(), NAMES)
    assert message.text == (
        "Spring 2027, week 3: 5 leaders, 43% complete. 2 on track, 2 behind, 1 finished."
    )
    shown = paragraphs(message.blocks)
    assert "Camden Council: 2 leaders, 83% complete. 1 on track, 0 behind, 1 finished." in shown
    assert "Director: 2 leaders" in shown and "6 weeks: 2 leaders, 25% complete" in shown
    assert (
        "Dev Patel, No organisation: 4 modules behind\nBen Adeyemi, Hackney Council: 1 module"
        in (shown)
    )
    assert slack_problems(message) == []


def test_a_cohort_without_leaders_says_so_plainly() -> None:
    empty = cohort_figures(COURSE, COHORT, (), {}, ORGANISATIONS, WEEK_THREE)
    assert (
        progress_message(COHORT, empty, NAMES).text == "No leaders are enrolled in Spring 2027 yet."
    )


def test_a_big_cohort_fits_in_one_slack_message() -> None:
    organisations = tuple(Organisation(f"org-{n}", f"London Borough {n}", 200) for n in range(33))
    members = [
        Member(
            Person("slack", f"U{n}", f"Leader {n}", f"org-{n % 33}", Seniority.DIRECTOR, id=n),
            Enrolment(1, n, Role.LEADER, 3, id=n),
        )
        for n in range(4000)
    ]
    big = cohort_figures(COURSE, COHORT, members, {}, organisations, WEEK_THREE)
    message = progress_message(COHORT, big, NAMES)
    assert len(message_blocks(message)) < 50
    assert f"And {4000 - MAX_BEHIND_LISTED} more. The export lists everyone." in paragraphs(
        message.blocks
    )
    assert slack_problems(message) == []
    digest = digest_message(COHORT, 3, big, None, ReachProblems(), NAMES)
    assert len(message_blocks(digest)) < 50
    assert slack_problems(digest) == []


def test_the_digest_says_in_words_how_each_figure_moved_since_the_last_one() -> None:
    now = figures()
    overall = now.summary.overall
    before = replace(
        now.summary,
        overall=replace(overall, modules_done=8, on_track=1, behind=4, finished=1),
        by_organisation=(GroupFigures("camden", "Camden Council", 2, 6, 12),),
    )
    message = digest_message(COHORT, 3, now, snapshot(2, before), ReachProblems(), NAMES)
    shown = paragraphs(message.blocks)
    assert "Changes since week 2 are in brackets." in shown
    assert (
        "Leaders: 5 (no change)\nComplete: 43% (up 16 points)\nOn track: 2 (up 1)\n"
        "Behind: 2 (down 2)\nFinished: 1 (no change)"
    ) in shown
    assert "Camden Council: 2 leaders, 83% complete (up 33 points)." in shown
    assert "Hackney Council: 1 leader, 17% complete (new this week)." in shown
    assert message.text.startswith("Spring 2027, week 3. Leaders: 5 (no change). Complete: 43%")
    assert "▲" not in message.text and ":arrow" not in message.text
    assert slack_problems(message) == []


def test_the_first_digest_has_figures_and_no_changes() -> None:
    message = digest_message(COHORT, 1, figures(), None, ReachProblems(), NAMES)
    shown = paragraphs(message.blocks)
    assert "This is the first digest, so there are no changes to compare yet." in shown
    assert "On track: 2\n" in shown and "(" not in shown.split("Leaders:")[1].split("\n")[0]
    assert "did not arrive" not in shown


def test_the_digest_lists_reminders_that_did_not_arrive() -> None:
    problems = ReachProblems(unreachable_leaders=2, skipped=1)
    message = digest_message(COHORT, 3, figures(), None, problems, NAMES)
    shown = paragraphs(message.blocks)
    assert "Could not reach: 2 leaders\nSkipped while the bot was down: 1 reminder" in shown


def test_the_export_has_one_row_per_leader_in_spreadsheet_friendly_csv() -> None:
    text = progress_csv(figures().leaders)
    assert text.startswith("\ufeffName,Organisation,Seniority,Pace (weeks),Modules done,")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1:] == [
        ["Amira Khan", "Camden Council", "Director", "3", "4", "67", "on-track", "0"],
        ["Ben Adeyemi", "Hackney Council", "Assistant director", "6", "1", "17", "behind", "1"],
        ["Chloe Martin", "Camden Council", "Director", "3", "6", "100", "finished", "0"],
        ["Dev Patel", "No organisation", "Not given", "3", "0", "0", "behind", "4"],
        ["Esi Mensah", "lambeth", "Head of service", "6", "2", "33", "on-track", "0"],
    ]


def test_a_name_that_looks_like_a_formula_is_kept_as_text_in_the_export() -> None:
    leader = replace(figures().leaders[0], name='=HYPERLINK("http://x.test","click")')
    rows = list(csv.reader(io.StringIO(progress_csv([leader]).removeprefix("\ufeff"))))
    assert rows[1][0] == '\'=HYPERLINK("http://x.test","click")'


def test_a_summary_from_an_older_snapshot_without_some_groups_still_compares() -> None:
    old = Summary.from_dict({"overall": GroupFigures("all", "All leaders", 4).to_dict()})
    message = digest_message(COHORT, 3, figures(), snapshot(1, old), ReachProblems(), NAMES)
    assert "Leaders: 5 (up 1)" in paragraphs(message.blocks)
