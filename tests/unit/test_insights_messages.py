"""The insights report as a Slack message, as Markdown and as CSV; binary attachments."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace

import pytest

from bot.core.commands import (
    CommandError,
    ShowCohortReport,
)
from bot.core.help_texts import help_text
from bot.core.insights import cohort_insights
from bot.core.messages import Heading, Paragraph
from bot.core.model import Cohort, Member, Organisation, Seniority
from bot.core.outgoing import Attachment
from bot.core.platforms import CommandName
from bot.core.replies.insights import (
    CSV_HEADER,
    chart_attachment,
    chart_message,
    report_csv,
    report_markdown,
    report_message,
)
from handlers.slack.render import fallback_text, message_blocks
from tests.fakes.block_limits import problems
from tests.unit.test_insights import COURSE, WEEK_THREE, at_week, did, leader, report
from tests.unit.typed import SLASH, parse_typed

NAMES = SLASH


def sample() -> tuple[list[Member], list[Member]]:
    """Six leaders on 6 weeks in Camden; two on 3 weeks in Hackney, too few to compare."""
    six = [leader(n, 6) for n in range(1, 7)]
    three = [leader(n, 3, org="hackney", seniority=Seniority.OTHER) for n in range(7, 9)]
    return six, three


def test_the_message_leads_with_the_findings_and_flags_small_groups() -> None:
    six, three = sample()
    insights = report(six + three, did(six[0], [1, 2], at_week(1)))
    message = report_message(insights, NAMES)
    headings = [b.text for b in message.blocks if isinstance(b, Heading)]
    assert headings == [
        "Report: Spring 2027",
        "Headline findings",
        "By pace",
        "By seniority",
        "By organisation",
        "Time spent per week against the plan",
        "Questions",
        "Reflection sessions",
    ]
    text = "\n".join(b.text for b in message.blocks if isinstance(b, Paragraph))
    assert "• Only 2 leaders are on the 3-week pace: too few to compare the two paces." in text
    assert (
        "3 weeks: 2 leaders. 0% of the course done; 0% on track or finished; 0 finished. "
        "Fewer than 5 leaders: too few to compare." in text
    )
    assert "Lambeth Council: no leaders (3 seats)." in text
    assert "6 weeks, week 1: 10 minutes a leader, against 30 minutes planned." in text
    assert message.text.startswith("Report: Spring 2027. 8 leaders are enrolled")


def test_an_empty_cohort_gets_one_plain_sentence_everywhere() -> None:
    insights = report([])
    message = report_message(insights, NAMES)
    assert message.text == "No leaders are enrolled yet, so there is nothing to report."
    assert "- No leaders are enrolled yet" in report_markdown(insights)
    rows = list(csv.reader(io.StringIO(report_csv(insights).removeprefix("\ufeff"))))
    assert rows[0] == list(CSV_HEADER)
    assert ["Organisation", "Lambeth Council", "Seats", "3", "0", ""] in rows


def test_a_cohort_of_4000_leaders_in_33_organisations_fits_one_slack_message() -> None:
    rng = random.Random(7)
    organisations = tuple(Organisation(f"org-{n:02}", f"Borough {n:02}", 200) for n in range(33))
    members = [
        leader(
            n, rng.choice((3, 6, None)), f"org-{rng.randrange(33):02}", rng.choice(list(Seniority))
        )
        for n in range(1, 4001)
    ]
    completions = [c for m in members for c in did(m, range(1, rng.randint(1, 7)), at_week(1))]
    cohort = Cohort("big", "Big cohort", at_week(1).date(), 6, "Europe/London", id=1)
    insights = cohort_insights(
        COURSE, cohort, members, completions, organisations, (), (), WEEK_THREE
    )
    message = report_message(insights, NAMES)
    blocks = message_blocks(message)
    payload = {"channel": "C1", "text": fallback_text(message), "blocks": blocks}
    assert problems("message", payload) == []
    assert len(blocks) <= 50


def test_markdown_has_a_table_per_breakdown_and_escapes_names() -> None:
    six, three = sample()
    insights = report(six + three, did(six[0], [1, 2], at_week(1)))
    odd = replace(insights.by_organisation[0], label="Camden | *Council*")
    markdown = report_markdown(replace(insights, by_organisation=(odd,)))
    assert markdown.startswith("# Report: Spring 2027\n\nFigures on Wednesday 27 January 2027")
    assert "| Group | Leaders | Complete | On track or finished | Finished | Note |" in markdown
    assert "| 3 weeks | 2 | 0% | 0% | 0 | too few to compare |" in markdown
    assert "| Camden \\| \\*Council\\* | 6 | 6 | 6% | 17% | 0 |  |" in markdown
    assert "| 6 weeks | 1 | 6 | 10 | 30 |" in markdown


def test_the_csv_has_one_figure_a_row_and_runs_no_formulas() -> None:
    six, three = sample()
    insights = report(six + three, did(six[0], [1, 2], at_week(1)))
    odd = replace(insights.by_organisation[0], label="=HYPERLINK(1)")
    text = report_csv(replace(insights, by_organisation=(odd,)))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(CSV_HEADER)
    assert ["Pace", "3 weeks", "Percent on track or finished", "0", "2", "too few to compare"] in (
        rows
    )
    assert ["Organisation", "'=HYPERLINK(1)", "Leaders", "6", "6", ""] in rows
    assert ["Time per week", "6 weeks, week 1", "Minutes planned", "30", "6", ""] in rows
    assert all(len(row) == len(CSV_HEADER) for row in rows)


def test_a_binary_attachment_travels_as_base64_and_comes_back_as_bytes() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    attachment = Attachment.binary("chart.png", png).to_json()
    assert attachment["encoding"] == "base64" and attachment["title"] == "chart.png"
    assert Attachment.from_json(attachment).content == png
    assert Attachment.from_json({"name": "a.csv", "content": "a,b"}).content == "a,b"
    with pytest.raises(ValueError, match="not valid base64"):
        Attachment.from_json({**attachment, "content": "not base64!"})


def test_the_chart_payload_names_the_week_and_carries_the_png() -> None:
    insights = report([leader(1, 6)])
    message, attachment = chart_message(insights), chart_attachment(insights, b"\x89PNG")
    assert message.text == (
        "Modules done against the plan, by pace, week by week (Spring 2027, week 3). "
        "The dashed lines are the plan."
    )
    assert attachment.name == "spring-completion-week-3.png"
    assert attachment.content == b"\x89PNG"


def test_cohort_report_is_a_command_with_help() -> None:
    assert parse_typed("cohort", "report") == ShowCohortReport()
    assert parse_typed("cohort", "REPORT") == ShowCohortReport()
    wrong = parse_typed("cohort", "report now")
    assert isinstance(wrong, CommandError)
    assert "/cohort report: headline findings" in help_text(CommandName.COHORT, SLASH)
