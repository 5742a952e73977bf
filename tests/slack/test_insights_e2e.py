"""`/cohort report` through signed requests, and the digest's chart through files upload v2."""

from __future__ import annotations

import io
from datetime import datetime

import matplotlib.image
import pytest

from tests.slack.conftest import AMIRA, BEN, LONDON, SAM, Harness
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_reports_e2e import COORDINATORS, ids

WEEK_THREE = datetime(2027, 1, 27, 10, 0, tzinfo=LONDON)
FRIDAY_WEEK_TWO = datetime(2027, 1, 22, 15, 0, tzinfo=LONDON)

pytestmark = pytest.mark.manual_outbox


async def test_a_coordinator_gets_the_report_with_findings_and_group_sizes(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-16", AMIRA)
    await reply_to(h, "/ask", "How do I choose a measure?", BEN)
    h.clock.set(WEEK_THREE)
    reply = await reply_to(h, "/cohort", "report", SAM)
    assert reply["text"].startswith(
        "Report: Test cohort. 2 leaders are enrolled from 2 organisations. "
        "Between them they have done 25% of the course"
    )
    shown = str(reply["blocks"])
    assert "Headline findings" in shown
    # Each pace has one leader: shown with its size, never compared.
    assert (
        "Only 1 leader is on the 6-week pace and 1 on the 3-week pace: "
        "too few to compare the two paces." in shown
    )
    assert (
        "3 weeks: 1 leader. 0% of the course done; 0% on track or finished; 0 finished. "
        "Fewer than 5 leaders: too few to compare." in shown
    )
    assert "Islington Council: no leaders (1 seat)." in shown
    assert "6 weeks, week 1: 4 hours a leader, against 1 hour 15 minutes planned." in shown
    assert "Leaders asked 1 question." in shown
    assert len(reply["blocks"]) <= 50


async def test_a_leader_is_told_the_report_is_for_coordinators(harness: Harness) -> None:
    h = harness
    reply = await reply_to(h, "/cohort", "report", AMIRA)
    assert reply["text"].startswith("/cohort is for the cohort's coordinators.")
    assert "Headline findings" not in str(reply["blocks"])


async def test_help_and_a_mistake_name_the_report(harness: Harness) -> None:
    h = harness
    help_reply = await reply_to(h, "/cohort", "help", SAM)
    assert "/cohort report" in help_reply["text"]
    wrong = await reply_to(h, "/cohort", "report everything", SAM)
    assert wrong["text"].startswith("/cohort does not know “report everything”.")


async def test_the_weekly_digest_is_followed_by_the_completion_chart_once(
    harness: Harness,
) -> None:
    h = harness
    h.api.add_channel(COORDINATORS, "coordinators")
    reports, outbox = h.bot.core.services.reports, h.bot.core.services.outbox
    cohort_id, _ = await ids(h)
    h.clock.set(FRIDAY_WEEK_TWO)
    await reply_to(h, "/checkin", "1-11", AMIRA)
    await reports.weekly_digest(cohort_id, 2)
    await reports.weekly_digest(cohort_id, 2)  # a job that runs twice posts once
    await outbox.dispatch_due()
    posts = [c for c in h.api.calls_to("chat.postMessage") if c.args["channel"] == COORDINATORS]
    assert [p.args["text"].split(".")[0] for p in posts] == ["Test cohort, week 2"]
    [asked] = h.api.calls_to("files.getUploadURLExternal")
    assert asked.args["filename"] == "test-cohort-completion-week-2.png"
    [uploaded] = h.api.calls_to("file_upload")
    content = h.api.workspace.uploads[uploaded.target]["content"]
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert matplotlib.image.imread(io.BytesIO(content), format="png").shape[:2] == (450, 800)
    [shared] = h.api.workspace.shared_files
    assert shared["channel"] == COORDINATORS
    assert shared["initial_comment"] == (
        "Modules done against the plan, by pace, week by week (Test cohort, week 2). "
        "The dashed lines are the plan."
    )
    # The chart goes just after the digest it belongs to.
    order = [c.method for c in h.api.calls if c.method in ("chat.postMessage", "file_upload")]
    assert order.index("file_upload") > order.index("chat.postMessage")
