"""Answers the moderators published, shown to a leader before their question goes, and
what the leader hears after choosing."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import Actions, Block, Button, Context, Item, Message, Paragraph, plain
from bot.core.platforms import CommandNames
from bot.core.questions import Question
from bot.core.wording import clip, plural

ANSWERED_ALREADY = "question_answered_already"  # "This answers it": the draft is not sent
SEND_ANYWAY = "question_send_anyway"
MAX_SUGGESTED = 3  # enough to help, few enough to read before asking


def suggestions_message(draft: Question, found: Sequence[tuple[Question, str]]) -> Message:
    """Published questions like the draft, each with its answer, and the two choices."""
    lead = "Before I send your question: the moderators have already answered similar ones."
    blocks: list[Block] = [Paragraph(lead)]
    blocks += [
        Item(f"{q.reference}: {clip(q.text, 150)}", clip(answer, 300)) for q, answer in found
    ]
    value = str(draft.id)
    blocks.append(
        Actions(
            (
                Button("This answers it", ANSWERED_ALREADY, value, "primary"),
                Button("Send my question anyway", SEND_ANYWAY, value),
            )
        )
    )
    mode = " anonymously" if draft.anonymous else ""
    blocks.append(
        Context(f"I have not sent your question yet. It will go{mode} as: {clip(draft.text, 200)}")
    )
    count = plural(len(found), "published answer")
    return Message(f"{lead} {count} may help. I have not sent your question yet.", tuple(blocks))


def saved_message(names: CommandNames) -> Message:
    """For a leader whose question a published answer answered."""
    return plain(
        f"Good. I have not sent your question. If you need more, ask again with {names.ask}."
    )


def search_results(words: str, found: Sequence[tuple[Question, str]]) -> Message:
    """Published questions and their answers that share words with the search, best first."""
    if not found:
        return plain(f"No published answer mentions “{clip(words, 60)}”. Try other words.")
    lead = f"{plural(len(found), 'published answer')} for “{clip(words, 60)}”:"
    items = tuple(
        Item(f"{q.reference}: {clip(q.text, 150)}", clip(answer, 300)) for q, answer in found
    )
    return Message(lead, (Paragraph(lead), *items))
