"""The weekly rhythm on a moved clock: nudges, reminders, posts, pauses and downtime."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from bot.core.model import DeliveryStatus, Role
from tests.scheduler.conftest import LONDON, ProgrammeFactory


def at(day: str, hour: int = 8, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), LONDON).replace(
        hour=hour, minute=minute
    )


# Each spans a last Sunday (26 March, 29 October 2028) and no bank holiday Monday.
@pytest.mark.parametrize("first_day", [date(2028, 3, 6), date(2028, 10, 16)])
async def test_nudges_stay_at_nine_london_time_across_both_clock_changes(
    programme: ProgrammeFactory, first_day: date
) -> None:
    run = await programme(first_day, at(first_day.isoformat(), 7))
    await run.advance_to(at((first_day + timedelta(weeks=6)).isoformat(), 7))
    nudges = [s for s in run.sender.kinds("nudge") if s.recipient == "amira"]
    assert len(nudges) == 6
    assert {(s.local.weekday(), s.local.hour, s.local.minute) for s in nudges} == {(0, 9, 0)}
    assert {s.at.hour for s in nudges} == {8, 9}  # one wall-clock time in both GMT and BST


async def test_a_three_week_leader_gets_three_nudges_and_a_six_week_leader_six(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    await run.advance_to(at("2027-02-22"))
    by_person = {
        who: len([s for s in run.sender.kinds("nudge") if s.recipient == who])
        for who in ("amira", "ben")
    }
    assert by_person == {"amira": 6, "ben": 3}


async def test_the_cohort_channel_gets_a_monday_post_with_progress(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    await run.advance_to(at("2027-01-11", 10))
    [post] = run.sender.kinds("channel")
    assert post.recipient == "C0COHORT01"
    assert post.local == at("2027-01-11", 9)
    assert (
        post.text == "Rhythm cohort, week 1: Why data matters and Asking the right questions. "
        "2 of 2 leaders are on track."
    )


async def test_only_leaders_behind_get_the_thursday_reminder_once(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    await run.advance_to(at("2027-01-15", 17))
    await run.command("amira", "checkin", "1-5")
    await run.advance_to(at("2027-01-25", 17))  # through week 2's Thursday
    reminders = run.sender.kinds("behind")
    assert [(r.recipient, r.local) for r in reminders] == [("ben", at("2027-01-21", 12))]
    assert reminders[0].text.startswith("Hello Ben. You are 11 modules behind your plan.")


async def test_a_paused_leader_gets_nothing_until_they_resume_with_a_fresh_plan(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    reply = await run.command("amira", "progress", "pause 2w")
    assert reply.startswith("Paused. I will send you nothing until Monday 25 January 2027.")
    await run.advance_to(at("2027-01-24", 20))
    assert [s for s in run.sender.kinds("nudge") if s.recipient == "amira"] == []
    reply = await run.command("amira", "progress", "resume")
    assert reply == "Welcome back. I have made you a fresh plan from this week."
    await run.advance_to(at("2027-01-25", 10))
    [nudge] = [s for s in run.sender.kinds("nudge") if s.recipient == "amira"]
    # Resumed on the Sunday of week 2, so the fresh plan spreads 32 modules over weeks 2 to 6.
    assert nudge.text.startswith("Hello Amira. This is week 3 of your 6: 7 modules to do")


async def test_a_leader_can_move_their_nudge_to_thursday_morning(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    reply = await run.command("amira", "progress", "remind thursday 08:30")
    assert reply == "I will send your weekly message on Thursday at 08:30."
    await run.advance_to(at("2027-01-15", 10))
    [nudge] = [s for s in run.sender.kinds("nudge") if s.recipient == "amira"]
    assert nudge.local == at("2027-01-14", 8, 30)


async def test_a_bank_holiday_nudge_waits_for_the_next_working_morning(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 4, 26), at("2027-04-26", 7))  # 3 May 2027 is a holiday
    await run.advance_to(at("2027-05-04", 10))
    nudges = [s.local for s in run.sender.kinds("nudge") if s.recipient == "amira"]
    assert nudges == [at("2027-04-26", 9), at("2027-05-04", 8)]


async def test_a_nudge_missed_while_the_bot_was_down_is_sent_the_same_day_or_skipped(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    run.clock.set(at("2027-01-11", 15))  # down from 07:00 to 15:00 on the first Monday
    await run.advance_to(at("2027-01-11", 15))
    assert [s.local for s in run.sender.kinds("nudge")] == [at("2027-01-11", 15)] * 2
    run.clock.set(at("2027-01-19", 10))  # down over the whole of the next Monday
    await run.advance_to(at("2027-01-19", 10))
    assert len(run.sender.kinds("nudge")) == 2
    async with run.core.services.ctx.uow() as uow:
        skipped = await uow.deliveries.keys_starting("nudge:")
        statuses = {k: (await uow.deliveries.get(k)).status for k in skipped}  # type: ignore[union-attr]
    assert sorted(s.value for s in statuses.values()) == ["sent", "sent", "skipped", "skipped"]
    assert DeliveryStatus.SKIPPED in statuses.values()


async def test_a_leader_who_finishes_gets_a_well_done_and_no_more_nudges(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    await run.command("ben", "checkin", "1-32")
    await run.advance_to(at("2027-01-26", 10))
    rhythm = ("nudge:", "behind:", "well-done:")
    ben = [s for s in run.sender.sent if s.recipient == "ben" and s.key.startswith(rhythm)]
    assert [s.key.split(":")[0] for s in ben] == ["well-done"]
    assert ben[0].text.startswith("Well done, Ben. You have finished")


async def test_nudge_now_sends_only_to_those_who_have_not_had_this_weeks(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    await run.command("amira", "progress", "remind friday 09:00")
    await run.advance_to(at("2027-01-11", 10))
    reply = await run.command("sam", "cohort", "nudge-now")
    assert reply == "Sent this week's message to 1 leader."
    again = await run.command("sam", "cohort", "nudge-now")
    assert again == "Sent this week's message to 0 leaders."
    await run.advance_to(at("2027-01-15", 10))
    assert sorted(s.recipient for s in run.sender.kinds("nudge")) == ["amira", "ben"]


async def test_a_leader_who_joins_late_gets_a_plan_from_their_week_to_the_end(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-25", 10))  # week 3
    async with run.core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find("rhythm")
        assert cohort is not None and cohort.id is not None
        leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
    [amira] = [m for m in leaders if m.person.platform_user_id == "amira"]
    assert amira.enrolment.rhythm.plan_start_week == 3
    plan = await run.command("amira", "progress", "plan")
    assert plan.startswith("You are on track. Here is your plan. Week 3: modules 1 to 8")


async def test_coordinators_get_a_friday_digest_with_the_change_since_last_week(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7))
    await run.advance_to(at("2027-01-15", 16))
    await run.command("amira", "checkin", "1-11")
    await run.advance_to(at("2027-01-22", 16))
    digests = run.sender.kinds("digest")
    assert [(d.recipient, d.local) for d in digests] == [
        ("C0COORDIN1", at("2027-01-15", 15)),
        ("C0COORDIN1", at("2027-01-22", 15)),
    ]
    assert digests[0].text != digests[1].text


async def test_a_digest_nobody_coordinates_is_worked_out_once_not_every_minute(
    programme: ProgrammeFactory,
) -> None:
    run = await programme(date(2027, 1, 11), at("2027-01-11", 7), coordinator=False)
    await run.advance_to(at("2027-01-15", 15))
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(run.core.engine.sync_engine, "before_cursor_execute", record)
    for minute in (1, 2, 3):  # the minute job, as the live bot runs it
        run.clock.set(at("2027-01-15", 15, minute))
        await run.runner.run_now()

    assert not [s for s in sent if "progress_snapshots" in s]  # the digest's figures
    async with run.core.services.ctx.uow() as uow:
        digest = await uow.deliveries.get("digest:1:1")
    assert digest is not None and digest.status is DeliveryStatus.SKIPPED
    assert run.sender.kinds("digest") == []
