"""The moderators' queue as a message: each question with the button that fits the viewer,
and never more than a message can carry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.messages import Context, Item
from bot.core.question_report import Waiting
from bot.core.questions import Question, QuestionStatus
from bot.core.replies.question_queue import MAX_LISTED, queue_message
from tests.unit.typed import SLASH

NOON = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)
ME, OTHER = 7, 8


def waiting(number: int, holder: int | None = None, owner: str | None = None) -> Waiting:
    status = QuestionStatus.CLAIMED if holder else QuestionStatus.OPEN
    question = Question(1, 2, f"Question {number}", NOON, status=status, claimed_by=holder)
    question.id = number
    return Waiting(question, timedelta(hours=number), owner)


def test_each_question_has_the_one_button_that_fits_the_viewer() -> None:
    message = queue_message(
        [waiting(1), waiting(2, ME, "Priya Shah"), waiting(3, OTHER, "Fatima Ali")], ME, SLASH
    )
    items = [b for b in message.blocks if isinstance(b, Item)]
    assert [(i.detail, i.button and i.button.label) for i in items] == [
        ("waiting 1 hour, unclaimed", "Claim"),
        ("waiting 2 hours, claimed by you", "Unclaim"),
        ("waiting 3 hours, claimed by Fatima Ali", "Take over"),
    ]
    assert message.text == "3 questions waiting for an answer, oldest first."


def test_a_long_queue_lists_the_oldest_and_says_how_many_more() -> None:
    message = queue_message([waiting(n) for n in range(1, MAX_LISTED + 6)], ME, SLASH)
    assert sum(isinstance(b, Item) for b in message.blocks) == MAX_LISTED
    assert Context("And 5 more, newer than these.") in message.blocks
    assert len(message.blocks) < 50


def test_an_empty_queue_says_so() -> None:
    assert queue_message([], ME, SLASH).text == "No question is waiting for an answer."
