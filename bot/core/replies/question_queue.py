"""What moderators see about the questions waiting for them, and about who holds each."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import (
    Actions,
    Block,
    Button,
    Context,
    Fields,
    Heading,
    Item,
    Message,
    Paragraph,
    Quote,
    plain,
)
from bot.core.platforms import CommandNames
from bot.core.question_report import QuestionFigures, Waiting
from bot.core.questions import Question
from bot.core.replies.questions import CLAIM
from bot.core.wording import age, clip, plural

UNCLAIM = "question_unclaim"
TAKE_OVER = "question_take_over"
MAX_LISTED = 20  # the oldest waiting: as many as a moderator takes in at a glance


def holder_button(question: Question, viewer: int | None) -> Button:
    """What the viewer can do about who holds it: claim it, let it go, or take it over."""
    value = str(question.id)
    if question.claimed_by is None:
        return Button("Claim", CLAIM, value)
    if question.claimed_by == viewer:
        return Button("Unclaim", UNCLAIM, value)
    return Button("Take over", TAKE_OVER, value)


def waiting_items(waiting: Sequence[Waiting], viewer: int | None) -> list[Block]:
    """The oldest questions waiting, each with how long, who holds it and its button."""
    items: list[Block] = []
    for w in waiting[:MAX_LISTED]:
        mine = w.question.claimed_by is not None and w.question.claimed_by == viewer
        holder = "claimed by you" if mine else f"claimed by {w.owner}" if w.owner else "unclaimed"
        items.append(
            Item(
                f"{w.question.reference}: {clip(w.question.text, 80)}",
                f"waiting {age(w.waited)}, {holder}",
                button=holder_button(w.question, viewer),
            )
        )
    if len(waiting) > MAX_LISTED:
        items.append(Context(f"And {len(waiting) - MAX_LISTED} more, newer than these."))
    return items


def reassign_hint(names: CommandNames) -> Context:
    return Context(
        "Answer in each question's thread in the moderators' channel. To hand one to "
        f"another moderator, type {names.cohort} reassign Q-3 @name."
    )


def queue_message(waiting: Sequence[Waiting], viewer: int | None, names: CommandNames) -> Message:
    """The moderators' queue: the questions nobody has answered yet, oldest first."""
    if not waiting:
        return plain("No question is waiting for an answer.")
    lead = f"{plural(len(waiting), 'question')} waiting for an answer, oldest first."
    blocks: list[Block] = [Heading("Questions waiting"), Paragraph(lead)]
    blocks += waiting_items(waiting, viewer)
    blocks.append(reassign_hint(names))
    return Message(lead, tuple(blocks))


def cohort_questions_message(
    figures: QuestionFigures, names: CommandNames, viewer: int | None, saved: int
) -> Message:
    """For coordinators: the queue, then counts by status and module, the median time to
    a moderator's first reply, and how many questions published answers saved."""
    if not figures.total:
        return plain(f"No questions yet. Leaders ask with {names.ask}.")
    lead = (
        f"{plural(figures.total, 'question')} so far ({figures.anonymous} anonymous), "
        f"{len(figures.waiting)} waiting for an answer."
    )
    blocks: list[Block] = [Heading("Questions"), Paragraph(lead)]
    if figures.waiting:
        blocks += [*waiting_items(figures.waiting, viewer), reassign_hint(names)]
    speed = (
        f"Median time to a moderator's first reply: {age(figures.first_answer)} "
        f"(over {plural(figures.answered, 'question')} with a reply)."
        if figures.first_answer is not None
        else "No question has had a reply yet."
    )
    blocks += [
        Fields(tuple((status, str(count)) for status, count in figures.by_status)),
        Paragraph("By module:"),
        Fields(tuple((module, str(count)) for module, count in figures.by_module[:10])),
        Paragraph(speed),
        Paragraph(saved_text(saved)),
    ]
    return Message(f"{lead} {speed} {saved_text(saved)}", tuple(blocks))


def saved_text(saved: int) -> str:
    """How many questions leaders did not need to send, having found a published answer."""
    if not saved:
        return "Published answers have saved no questions yet."
    return (
        f"Published answers saved {plural(saved, 'question')}: leaders found their answer "
        "there before asking."
    )


def held_by_another(question: Question, holder: str) -> Message:
    """For a moderator who claims a question someone else holds."""
    text = (
        f"{holder} has claimed {question.reference}. Take it over if they cannot answer it: "
        "I will tell them."
    )
    button = Button("Take over", TAKE_OVER, str(question.id))
    return Message(text, (Paragraph(text), Actions((button,))))


def claimed(question: Question) -> Message:
    return plain(f"You have claimed {question.reference}. Reply in its thread to answer.")


def taken_over(question: Question, previous: str) -> Message:
    return plain(
        f"You have taken over {question.reference} from {previous}, and I have told them. "
        "Reply in its thread to answer."
    )


def unclaimed(question: Question) -> Message:
    return plain(f"You no longer hold {question.reference}. Any moderator can claim it now.")


def given(question: Question, to: str, previous: str | None) -> Message:
    told = f"I have told {to}" + (f" and {previous}." if previous else ".")
    return plain(f"{to} now holds {question.reference}. {told}")


def not_waiting(question: Question) -> Message:
    return plain(f"{question.reference} is already answered, so nobody needs to hold it.")


def no_longer_yours(question: Question, by: str, to: str | None = None) -> Message:
    """To the moderator who held a question until someone else took it or gave it on."""
    moved = (
        f"has taken over {question.reference} from you"
        if to is None
        else (f"has given {question.reference} to {to}")
    )
    text = f"{by} {moved}, so you no longer hold it."
    return Message(text, (Paragraph(text), Quote(clip(question.text, 300))))


def yours_now(question: Question, by: str) -> Message:
    """To the moderator someone gave a question to."""
    text = (
        f"{by} has asked you to answer {question.reference}. Reply in its thread in the "
        "moderators' channel."
    )
    return Message(text, (Paragraph(text), Quote(clip(question.text, 300))))
