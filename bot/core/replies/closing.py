"""What a coordinator sees when closing a cohort, and what the cohort is told at its close."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.cohort_end import PlannedSessions
from bot.core.insight_figures import Insights
from bot.core.messages import Actions, Block, Button, Context, Heading, Message, Paragraph, plain
from bot.core.model import Cohort
from bot.core.platforms import CommandNames
from bot.core.replies.insights import report_message
from bot.core.wording import day, plural

CLOSE_COHORT = "cohort_close"  # "Close the cohort"; its value is the cohort's id
KEEP_OPEN = "cohort_keep_open"

AFTER_CLOSING = (
    "After closing, leaders can still see their progress, get a copy of their data and ask "
    "to be forgotten. They can no longer record modules, change their weekly messages or "
    "ask new questions."
)


def closed_on(cohort: Cohort) -> str:
    """'Friday 26 February 2027', the day the cohort closed, where it lives."""
    assert cohort.closed_at is not None
    return day(cohort.closed_at.astimezone(ZoneInfo(cohort.time_zone)).date())


def close_prompt(
    cohort: Cohort, leaders: int, planned: PlannedSessions, now: datetime, goes: str
) -> Message:
    """Ask before closing: it cannot be undone, and it stops every weekly message."""
    lead = f"Close {cohort.name}?"
    stops = (
        f"Closing stops every weekly message, reminder and digest for its "
        f"{plural(leaders, 'leader')}. The closing summary goes to the cohort channel and "
        f"the final report to the coordinators' channel {goes}."
    )
    ahead = _still_ahead(cohort, planned, now)
    keeps = "Leaders' personal data is kept for the retention period, counted from today."
    value = str(cohort.id)
    return Message(
        " ".join([lead, stops, *ahead, AFTER_CLOSING, keeps]),
        (
            Heading(lead),
            Paragraph(stops),
            *(Paragraph(line) for line in ahead),
            Paragraph(f"{AFTER_CLOSING} {keeps}"),
            Actions(
                (
                    Button("Close the cohort", CLOSE_COHORT, value, "danger"),
                    Button("Keep it open", KEEP_OPEN, value),
                )
            ),
            Context("A closed cohort cannot be opened again."),
        ),
    )


def _still_ahead(cohort: Cohort, planned: PlannedSessions, now: datetime) -> list[str]:
    """Polls still open and sessions still to come: closing leaves them be."""
    zone = ZoneInfo(cohort.time_zone)
    lines = [
        f"The poll “{poll.title}” is open until {_moment(poll.deadline, zone)}. Closing "
        "leaves it open: leaders can answer it until then."
        for poll in planned.open_polls
    ]
    coming = [ends for ends in planned.confirmed if ends > now]
    if coming:
        lines.append(
            f"{plural(len(coming), 'reflection session')} still to come, the last ending "
            f"{_moment(max(coming), zone)}. They go ahead: their leaders still get reminders "
            "and a request for feedback."
        )
    return lines


def _moment(at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return f"{day(local.date())} at {local:%H:%M}"


def closed_message(cohort: Cohort, skipped: int, summary: bool, goes: str) -> Message:
    """The coordinator's answer once the cohort is closed; `summary` if it has a cohort
    channel to post the closing summary in."""
    waiting = (
        f" I cancelled {plural(skipped, 'message')} that {'was' if skipped == 1 else 'were'} "
        "still waiting to go."
        if skipped
        else ""
    )
    what = "The closing summary and the final report go" if summary else "The final report goes"
    return plain(
        f"{cohort.name} is closed. I will send no more weekly messages, reminders or "
        f"digests.{waiting} {what} {goes}."
    )


def already_closed_message(cohort: Cohort) -> Message:
    return plain(f"{cohort.name} was already closed, on {closed_on(cohort)}.")


def kept_open_message(cohort: Cohort) -> Message:
    return plain(f"Nothing has changed: {cohort.name} is still open.")


def stale_close_message(names: CommandNames) -> Message:
    return plain(f"That button belongs to another cohort. Type {names.cohort} close again.")


def closing_summary(insights: Insights, now: datetime, names: CommandNames) -> Message:
    """The cohort channel's last message: what the cohort did, and what leaders can still do."""
    cohort, overall = insights.cohort, insights.overall
    lead = f"{cohort.name} has closed"
    did = [
        f"Thank you for taking part. {overall.finished} of the "
        f"{plural(overall.leaders, 'leader')} finished the course, and together you "
        f"completed {overall.percent}% of it."
    ]
    if insights.questions.answered:
        did.append(f"Moderators answered {plural(insights.questions.answered, 'question')}.")
    held = sum(1 for s in insights.sessions if s.starts_at <= now)
    if held:
        did.append(f"You met at {plural(held, 'reflection session')}.")
    still = (
        f"I will send no more weekly messages. You can still see your progress with "
        f"{names.progress}, and get a copy of everything I hold about you with "
        f"{names.progress} my-data."
    )
    notice = cohort.privacy_notice
    kept = (
        f"Your personal data is kept as the privacy notice says ({notice.link}), then deleted."
        if notice and notice.link
        else "Your personal data is kept for the cohort's retention period, then deleted."
    )
    sooner = f"To have it deleted sooner, type {names.progress} forget-me."
    return Message(
        " ".join([f"{lead}.", *did, still, kept, sooner]),
        (Heading(lead), Paragraph(" ".join(did)), Paragraph(still), Context(f"{kept} {sooner}")),
    )


def closing_report(insights: Insights, closed_by: str, names: CommandNames) -> Message:
    """The coordinators' last report: who closed the cohort, then the final figures."""
    cohort = insights.cohort
    title = f"Final report: {cohort.name}"
    lead = (
        f"{closed_by} closed {cohort.name} on {closed_on(cohort)}. Weekly messages, "
        "reminders and digests have stopped, and the cohort channel has a closing summary."
    )
    report = report_message(insights, names)
    retention = (
        "The retention period for leaders' personal data counts from the day the cohort "
        f"closed. {names.cohort} progress export still sends one row per leader."
    )
    blocks: list[Block] = [Heading(title), Paragraph(lead), *report.blocks[1:], Context(retention)]
    return Message(f"{title}. {lead} {report.text}", tuple(blocks))


def closed_refusal(cohort: Cohort, names: CommandNames, coordinator: bool) -> Message:
    """What a closed cohort no longer does, and what still works."""
    if coordinator:
        return plain(
            f"{cohort.name} closed on {closed_on(cohort)}, so this no longer works. "
            f"{names.cohort} progress, report, questions and sessions still show its figures."
        )
    return plain(
        f"{cohort.name} closed on {closed_on(cohort)}, so I no longer record modules, change "
        "weekly messages or take new questions. You can still see your progress with "
        f"{names.progress} and get a copy of your data with {names.progress} my-data."
    )
