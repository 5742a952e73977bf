"""Coordinators' figures on questions: what waits, where questions come from, how fast
they are answered. Askers are never named, so anonymous questions stay anonymous."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from bot.core.model import Curriculum
from bot.core.questions import Question, QuestionStatus, module_titles


@dataclass(frozen=True)
class Waiting:
    question: Question
    waited: timedelta
    owner: str | None  # the moderator who claimed it


@dataclass(frozen=True)
class QuestionFigures:
    total: int
    anonymous: int
    waiting: tuple[Waiting, ...]  # open or claimed, oldest first
    by_status: tuple[tuple[str, int], ...]
    by_module: tuple[tuple[str, int], ...]  # most asked first
    first_answer: timedelta | None  # the median time to a moderator's first reply
    answered: int  # questions with a first reply


def question_figures(
    questions: Sequence[Question],
    curriculum: Curriculum,
    names: Mapping[int, str],
    now: datetime,
) -> QuestionFigures:
    """`names` gives the display name of each moderator who claimed a question."""
    waiting = tuple(
        Waiting(q, now - q.asked_at, names.get(q.claimed_by) if q.claimed_by else None)
        for q in sorted(questions, key=lambda q: q.asked_at)
        if q.status.waiting
    )
    statuses = Counter(q.status for q in questions)
    titles = module_titles(curriculum)
    modules = Counter(titles.get(q.module_id or "", "No module given") for q in questions)
    waits = [q.first_reply_at - q.asked_at for q in questions if q.first_reply_at is not None]
    return QuestionFigures(
        total=len(questions),
        anonymous=sum(1 for q in questions if q.anonymous),
        waiting=waiting,
        by_status=tuple(
            (s.value.capitalize(), statuses[s])
            for s in QuestionStatus
            if s is not QuestionStatus.DRAFT
        ),
        by_module=tuple(modules.most_common()),
        first_answer=timedelta(seconds=median(w.total_seconds() for w in waits)) if waits else None,
        answered=len(waits),
    )
