"""What leaders and coordinators see of a slot poll."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.messages import (
    Actions,
    Block,
    Button,
    Context,
    Heading,
    Item,
    Message,
    Paragraph,
    plain,
)
from bot.core.polls import Poll, PollSlot, PollStatus, PollVerb, ReflectionSession
from bot.core.slot_choice import Availability, Proposal
from bot.core.wording import day, plural

VOTE_ACTIONS = {
    Availability.YES: "poll_yes",
    Availability.IF_NEED_BE: "poll_if_need_be",
    Availability.NO: "poll_no",
}
VOTE_FORMAT = "poll_format"
CONFIRM_SESSIONS = "poll_confirm"
USE_SLOT = "poll_use_slot"
# A button in the list of polls to pick from: each does one command to the poll it names.
PICK_POLL = {verb: f"poll_pick_{verb.value}" for verb in PollVerb}
LABELS = {Availability.YES: "Yes", Availability.IF_NEED_BE: "If need be", Availability.NO: "No"}

Tally = Mapping[int, Counter[Availability]]  # by slot id


def when(slot: PollSlot | ReflectionSession, zone: ZoneInfo) -> str:
    """'Monday 22 February 2027, 14:00 to 15:30'."""
    start, end = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
    return f"{day(start.date())}, {start:%H:%M} to {end:%H:%M}"


def moment(at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return f"{day(local.date())} at {local:%H:%M}"


def poll_message(
    poll: Poll,
    slots: Sequence[PollSlot],
    zone: ZoneInfo,
    tally: Tally | None,
    mine: Mapping[int, Availability] | None = None,
    my_format: str | None = None,
) -> Message:
    """The poll: each slot with its buttons, and the counts unless they are hidden.

    `mine` is given in a leader's own copy, to show what they answered.
    """
    open_ = poll.status is PollStatus.OPEN
    lead = (
        f"Which of these times could you make? Answer for each one. "
        f"You can change your answers until {moment(poll.deadline, zone)}."
        if open_
        else "Votes are closed. Thank you for answering."
    )
    blocks: list[Block] = [Heading(poll.title), Paragraph(lead)]
    for slot in slots:
        assert slot.id is not None
        blocks.append(Item(when(slot, zone), _slot_detail(slot.id, tally, mine)))
        if open_:
            blocks.append(Actions(_vote_buttons(poll, slot.id, (mine or {}).get(slot.id))))
    if poll.formats and open_:
        question = "Which format would you prefer for the session?"
        if my_format:
            question += f" You chose: {my_format}."
        blocks += [Paragraph(question), Actions(_format_buttons(poll, my_format))]
    if tally is None:
        blocks.append(Context("The counts stay hidden until the poll closes."))
    else:
        blocks.append(Context("Nobody's answers are shown here, only the counts."))
    text = f"{poll.title}: {lead}"
    return Message(text, tuple(blocks))


def _slot_detail(slot_id: int, tally: Tally | None, mine: Mapping[int, Availability] | None) -> str:
    parts = []
    if mine is not None:
        answer = mine.get(slot_id)
        parts.append(f"Your answer: {LABELS[answer]}" if answer else "You have not answered")
    if tally is not None:
        counts = tally.get(slot_id, Counter())
        parts.append(" · ".join(f"{LABELS[a]} {counts[a]}" for a in Availability))
    return ". ".join(parts)


def _vote_buttons(poll: Poll, slot_id: int, chosen: Availability | None) -> tuple[Button, ...]:
    return tuple(
        Button(
            LABELS[answer],
            action,
            f"{poll.id}:{slot_id}",
            "primary" if answer is chosen else None,
        )
        for answer, action in VOTE_ACTIONS.items()
    )


def _format_buttons(poll: Poll, chosen: str | None) -> tuple[Button, ...]:
    return tuple(
        Button(f, VOTE_FORMAT, f"{poll.id}:{i}", "primary" if f == chosen else None)
        for i, f in enumerate(poll.formats)
    )


def vote_saved(answer: str, slot: PollSlot, poll: Poll, zone: ZoneInfo) -> Message:
    return plain(
        f"Saved: {answer} for {when(slot, zone)} in “{poll.title}”. "
        f"You can change it until {moment(poll.deadline, zone)}."
    )


def format_saved(choice: str, poll: Poll) -> Message:
    return plain(f"Saved: you would prefer {choice.lower()} for “{poll.title}”.")


def poll_started(poll: Poll, leaders: int, channel: bool, zone: ZoneInfo) -> Message:
    where = "posted it in the cohort channel and " if channel else ""
    return plain(
        f"Your poll “{poll.title}” is open. I have {where}sent it to "
        f"{plural(leaders, 'leader')}. Votes close on {moment(poll.deadline, zone)}."
    )


def poll_reminder(poll: Poll, zone: ZoneInfo) -> Message:
    return plain(
        f"A reminder: please answer the poll “{poll.title}” by "
        f"{moment(poll.deadline, zone)}. It takes a minute."
    )


def results_message(
    poll: Poll,
    slots: Sequence[PollSlot],
    zone: ZoneInfo,
    answers: Mapping[int, Mapping[Availability, Sequence[str]]],
    formats: Mapping[str, Sequence[str]],
) -> Message:
    """Who answered what, for coordinators only."""
    blocks: list[Block] = [Heading(f"Answers: {poll.title}")]
    for slot in slots:
        assert slot.id is not None
        by_answer = answers.get(slot.id, {})
        detail = "; ".join(
            f"{LABELS[a]}: {', '.join(by_answer.get(a, ())) or 'nobody'}" for a in Availability
        )
        blocks.append(Item(when(slot, zone), detail))
    if poll.formats:
        blocks.append(Paragraph("Format:"))
        blocks += [Item(f, ", ".join(formats.get(f, ())) or "nobody") for f in poll.formats]
    return Message(f"Answers to {poll.title}", tuple(blocks))


def missing_message(poll: Poll, names: Sequence[str]) -> Message:
    if not names:
        return plain(f"Every leader has answered “{poll.title}”.")
    have = "has" if len(names) == 1 else "have"
    lead = f"{plural(len(names), 'leader')} {have} not answered “{poll.title}”."
    return Message(f"{lead} {', '.join(names)}", (Paragraph(lead), Paragraph(", ".join(names))))


_PICK = {
    PollVerb.RESULTS: ("Which poll's answers do you want to see?", "See answers"),
    PollVerb.MISSING: ("Which poll do you want to check?", "See who has not answered"),
    PollVerb.CLOSE: ("Which poll do you want to close?", "Close this poll"),
    PollVerb.SESSIONS: ("Which poll's sessions do you want to see?", "See sessions"),
}
MAX_PICKED = 20  # the newest polls listed to pick from; older ones are named by title


def poll_picker(
    polls: Sequence[Poll], verb: PollVerb, typed: str, zone: ZoneInfo, why: str
) -> Message:
    """The polls a command could mean, each with a button that does it to that poll.

    `typed` is the command as the person would type it, to name a poll instead; `why`
    says why they are asked ("2 polls are open.").
    """
    question, label = _PICK[verb]
    lead = f"{why} {question}"
    shown = polls[:MAX_PICKED]
    items = [
        Item(p.title, poll_state(p, zone), button=Button(label, PICK_POLL[verb], str(p.id)))
        for p in shown
    ]
    hint = f"Or type {typed} and the poll's title, for example: {typed} {shown[0].title}"
    listed = "; ".join(f"“{p.title}” ({poll_state(p, zone)})" for p in shown)
    return Message(f"{lead} {listed}. {hint}", (Paragraph(lead), *items, Context(hint)))


def poll_state(poll: Poll, zone: ZoneInfo) -> str:
    """Where a poll is: 'Open until …', 'Closed, sessions not confirmed' or confirmed."""
    if poll.status is PollStatus.OPEN:
        return f"Open until {moment(poll.deadline, zone)}"
    if poll.status is PollStatus.CLOSED:
        return "Closed, sessions not confirmed yet"
    return "Sessions confirmed"


def proposal_message(
    poll: Poll,
    slots: Mapping[int, PollSlot],
    proposal: Proposal,
    names: Mapping[int, str],
    zone: ZoneInfo,
    chosen_slot: int | None = None,
) -> Message:
    """The sessions the votes point to, to confirm or change."""
    lead = f"The poll “{poll.title}” is closed. "
    if not proposal.sessions:
        return plain(lead + "Nobody can make any of the times, so there is no session to propose.")
    lead += (
        f"I propose {plural(len(proposal.sessions), 'session')}:"
        if chosen_slot is None
        else "With the slot you chose:"
    )
    blocks: list[Block] = [Heading(f"Sessions for {poll.title}"), Paragraph(lead)]
    for session in proposal.sessions:
        people = ", ".join(sorted(names.get(p, "?") for p in session.leaders))
        label = f"{when(slots[session.slot_id], zone)}: {plural(len(session.leaders), 'leader')}"
        blocks.append(Item(label, people))
    if proposal.unplaced:
        unplaced = ", ".join(sorted(names.get(p, "?") for p in proposal.unplaced))
        blocks.append(Paragraph(f"No slot suits: {unplaced}."))
    value = str(poll.id) if chosen_slot is None else f"{poll.id}:{chosen_slot}"
    blocks.append(Actions((Button("Confirm and invite", CONFIRM_SESSIONS, value, "primary"),)))
    proposed = {session.slot_id for session in proposal.sessions}
    others = [
        Button(f"Use {when(s, zone)}", USE_SLOT, f"{poll.id}:{s.id}")
        for s in slots.values()
        if s.id not in proposed
    ]
    if others and poll.capacity is None:
        blocks += [Paragraph("Or choose another slot:"), Actions(tuple(others[:5]))]
    return Message(lead, tuple(blocks))
