"""In-memory questions and the posts about them, as SQL keeps them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.questions import Post, Question, QuestionStatus, Side
from tests.fakes.core.memory_people import existing_id
from tests.fakes.core.rows import POSTS, QUESTIONS, SAVED_QUESTIONS
from tests.fakes.core.tables import WorkingSet, fresh, stored


class MemoryQuestionRepository:
    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def add(self, question: Question) -> Question:
        added = stored(replace(question, id=self._work.database.next_id(QUESTIONS)))
        assert added.id is not None
        self._work.table(QUESTIONS)[added.id] = added
        return fresh(added)

    async def get(self, question_id: int) -> Question | None:
        return fresh(self._work.table(QUESTIONS).get(question_id))

    async def update(self, question: Question) -> None:
        key = existing_id(self._work, QUESTIONS, question.id)
        self._work.table(QUESTIONS)[key] = stored(question)

    async def delete(self, question_id: int) -> None:
        """Delete a question and, as the foreign key cascades, its posts."""
        self._work.table(QUESTIONS).pop(question_id, None)
        posts = self._work.table(POSTS)
        for post_id in [p.id for p in posts.values() if p.question_id == question_id]:
            assert post_id is not None
            del posts[post_id]

    async def for_cohort(self, cohort_id: int) -> Sequence[Question]:
        """Every question of a cohort except drafts, oldest first."""
        return self._sorted(
            q
            for q in self._work.table(QUESTIONS).values()
            if q.cohort_id == cohort_id and q.status is not QuestionStatus.DRAFT
        )

    async def awaiting_reminder(self) -> Sequence[Question]:
        """Open or claimed questions with no moderator reply and no reminder yet."""
        return self._sorted(
            q
            for q in self._work.table(QUESTIONS).values()
            if q.status.waiting and q.first_reply_at is None and q.reminded_at is None
        )

    async def hand_over(self, question_id: int, was: int | None, to: int | None) -> bool:
        """Give a waiting question to `to` (None: to nobody) if `was` still holds it."""
        questions = self._work.table(QUESTIONS)
        question = questions.get(question_id)
        if question is None or not question.status.waiting or question.claimed_by != was:
            return False
        status = QuestionStatus.OPEN if to is None else QuestionStatus.CLAIMED
        questions[question_id] = replace(question, claimed_by=to, status=status)
        return True

    async def add_post(self, post: Post) -> Post | None:
        """Keep a message about a question; None if the message from `source` was kept before."""
        posts = self._work.table(POSTS)
        if any(p.source == post.source for p in posts.values()):
            return None
        existing_id(self._work, QUESTIONS, post.question_id)  # the foreign key
        added = stored(replace(post, id=self._work.database.next_id(POSTS)))
        assert added.id is not None
        posts[added.id] = added
        return fresh(added)

    async def post_from(self, source: str) -> Post | None:
        posts = self._work.table(POSTS).values()
        return fresh(next((p for p in posts if p.source == source), None))

    async def update_post(self, post: Post) -> None:
        """Keep an edited message's new text, and whether it is now internal."""
        key = existing_id(self._work, POSTS, post.id)
        posts = self._work.table(POSTS)
        posts[key] = replace(posts[key], text=post.text, internal=post.internal)

    async def posts(self, question_ids: Sequence[int]) -> Sequence[Post]:
        """The posts about these questions, oldest first."""
        wanted = set(question_ids)
        found = [p for p in self._work.table(POSTS).values() if p.question_id in wanted]
        return [fresh(p) for p in sorted(found, key=lambda p: (p.at, p.id or 0))]

    def _sorted(self, questions: Iterable[Question]) -> list[Question]:
        return [fresh(q) for q in sorted(questions, key=lambda q: (q.asked_at, q.id or 0))]


class MemoryPublishedAnswerRepository:
    """Published questions found by their words, as the SQL full-text search finds them:
    any term in the question or a moderator's reply, most terms first. Words match by
    their start, a rough stand-in for the databases' stemming."""

    def __init__(self, work: WorkingSet) -> None:
        self._work = work

    async def matching(
        self, cohort_id: int, terms: Sequence[str], limit: int
    ) -> Sequence[Question]:
        posts = self._work.table(POSTS).values()
        scored = []
        for question in self._work.table(QUESTIONS).values():
            if question.cohort_id != cohort_id or question.published_at is None:
                continue
            replies = [
                p.text
                for p in posts
                if p.question_id == question.id and p.side is Side.MODERATORS and not p.internal
            ]
            words = " ".join([question.text, *replies]).casefold().split()
            found = sum(1 for t in terms if any(w.startswith(t[:5]) for w in words))
            if found:
                scored.append((-found, question.id or 0, question))
        return [fresh(q) for _, _, q in sorted(scored, key=lambda s: s[:2])[:limit]]

    async def record_saved(self, cohort_id: int, at: datetime) -> None:
        self._work.table(SAVED_QUESTIONS)[self._work.database.next_id(SAVED_QUESTIONS)] = (
            cohort_id,
            at,
        )

    async def saved(self, cohort_id: int) -> int:
        return sum(1 for c, _ in self._work.table(SAVED_QUESTIONS).values() if c == cohort_id)
