"""What someone who is not a leader is told when they use a leader's command."""

from __future__ import annotations

from bot.core.messages import Message
from bot.core.model import Actor
from bot.core.ports import UnitOfWork
from bot.core.replies.progress import not_enrolled_message
from bot.core.services.joining import recruiting_cohort
from bot.core.services.seats import waiting_place


async def not_a_leader(uow: UnitOfWork, actor: Actor) -> Message:
    """Their place on a waitlist if they are on one; else the Join button of the cohort
    taking sign-ups, so the answer is a way in rather than a dead end."""
    waiting = await waiting_place(uow, actor)
    if waiting is not None:
        return waiting
    return not_enrolled_message(await recruiting_cohort(uow, ""))
