"""Coordinators' progress figures through signed requests, files upload v2 and the outbox."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from bot.core.model import DeliveryStatus
from tests.deliveries import delivery
from tests.slack.conftest import AMIRA, BEN, LONDON, SAM, Harness
from tests.slack.test_commands_e2e import reply_to

WEEK_THREE = datetime(2027, 1, 27, 10, 0, tzinfo=LONDON)
FRIDAY_WEEK_TWO = datetime(2027, 1, 22, 15, 0, tzinfo=LONDON)
COORDINATORS = "C0COORDIN1"

# The tests send the outbox themselves, so each send happens at a known point.
pytestmark = pytest.mark.manual_outbox


async def ids(h: Harness) -> tuple[int, dict[str, int]]:
    """The test cohort's id, and the person id of each Slack user in it."""
    async with h.bot.core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find("test-cohort")
        people = {user: await uow.people.find("slack", user) for user in (AMIRA, BEN, SAM)}
    assert cohort is not None and cohort.id is not None
    return cohort.id, {user: p.id for user, p in people.items() if p and p.id}


async def test_a_coordinator_sees_progress_by_organisation_seniority_and_pace(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-16", AMIRA)
    h.clock.set(WEEK_THREE)
    reply = await reply_to(h, "/cohort", "progress", SAM)
    assert reply["text"] == (
        "Test cohort, week 3: 2 leaders, 25% complete. 1 on track, 1 behind, 0 finished."
    )
    shown = str(reply["blocks"])
    assert "Camden Council: 1 leader, 50% complete. 1 on track, 0 behind, 0 finished." in shown
    assert "Assistant director: 1 leader, 0% complete. 0 on track, 1 behind" in shown
    assert "3 weeks: 1 leader" in shown and "6 weeks: 1 leader" in shown
    assert "Ben Adeyemi, Hackney Council: 21 modules behind" in shown


async def test_a_leader_is_told_progress_figures_are_for_coordinators(harness: Harness) -> None:
    h = harness
    for text in ("progress", "progress export"):
        reply = await reply_to(h, "/cohort", text, AMIRA)
        assert reply["text"].startswith("/cohort is for the cohort's coordinators.")
    assert h.api.calls_to("files.getUploadURLExternal") == []


async def test_the_export_arrives_as_a_csv_file_in_the_coordinators_direct_messages(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-32", BEN)
    reply = await reply_to(h, "/cohort", "progress export", SAM)
    assert reply["text"] == (
        "I have sent you the file test-cohort-progress-2027-01-13.csv in a direct message. "
        "It has one row per leader."
    )
    await h.bot.core.services.outbox.dispatch_due()
    [completed] = h.api.calls_to("files.completeUploadExternal")
    [asked] = h.api.calls_to("files.getUploadURLExternal")
    assert asked.args["filename"] == "test-cohort-progress-2027-01-13.csv"
    [uploaded] = h.api.calls_to("file_upload")
    content = h.api.workspace.uploads[uploaded.target]["content"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows == [
        [
            "Name",
            "Organisation",
            "Seniority",
            "Pace (weeks)",
            "Modules done",
            "Percent done",
            "Status",
            "Modules behind",
        ],
        ["Amira Khan", "Camden Council", "Director", "6", "0", "0", "on-track", "0"],
        ["Ben Adeyemi", "Hackney Council", "Assistant director", "3", "32", "100", "finished", "0"],
    ]
    [shared] = h.api.workspace.shared_files
    assert shared["channel"] == "D" + SAM
    assert shared["initial_comment"] == (
        "Progress of Test cohort on Wednesday 13 January 2027: one row per leader."
    )
    assert completed.ok


async def test_the_weekly_digest_reaches_the_coordinators_channel_with_changes(
    harness: Harness,
) -> None:
    h = harness
    h.api.add_channel(COORDINATORS, "coordinators")
    reports, outbox = h.bot.core.services.reports, h.bot.core.services.outbox
    cohort_id, people = await ids(h)
    h.clock.set(FRIDAY_WEEK_TWO)
    await reply_to(h, "/checkin", "1-11", AMIRA)
    await reports.weekly_digest(cohort_id, 2)
    await outbox.dispatch_due()
    h.clock.advance(timedelta(weeks=1))
    await reply_to(h, "/checkin", "1-32", BEN)
    async with h.bot.core.services.ctx.uow() as uow:
        for user, status in ((AMIRA, DeliveryStatus.FAILED), (BEN, DeliveryStatus.SKIPPED)):
            key = f"nudge:{cohort_id}:3:{people[user]}"
            await uow.deliveries.enqueue(delivery(key, user, "hi", status=status))
        await uow.commit()
    await reports.weekly_digest(cohort_id, 3)
    await reports.weekly_digest(cohort_id, 3)  # a job that runs twice posts once
    await outbox.dispatch_due()
    posts = [c for c in h.api.calls_to("chat.postMessage") if c.args["channel"] == COORDINATORS]
    assert [p.args["text"].split(".")[0] for p in posts] == [
        "Test cohort, week 2",
        "Test cohort, week 3",
    ]
    first, latest = (str(p.args["blocks"]) for p in posts)
    assert "This is the first digest" in first and "On track: 1\\n" in first
    assert "Changes since week 2 are in brackets." in latest
    assert "On track: 1 (no change)" in latest
    assert "Behind: 0 (down 1)" in latest
    assert "Finished: 1 (up 1)" in latest
    assert "Complete: 67% (up 50 points)" in latest
    assert "Could not reach: 1 leader" in latest
    assert "Skipped while the bot was down: 1 reminder" in latest
