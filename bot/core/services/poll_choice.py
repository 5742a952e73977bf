"""Which poll a coordinator's command is about, when a cohort has more than one.

A command names a poll by its title as typed, a button by its id; with neither, the
command acts on the one poll it can only mean, and where several fit it lists them to
pick from rather than guess.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import Message, plain
from bot.core.model import Actor, Cohort
from bot.core.polls import Poll, PollStatus, PollVerb, title_key
from bot.core.ports import UnitOfWork
from bot.core.replies.polls import poll_picker
from bot.core.services.context import ServiceContext, coordinator_of
from bot.core.wording import plural

# A poll named by the title typed after the command (empty: none named), or by the id a
# button carries.
Which = str | int


async def chosen_poll(
    ctx: ServiceContext, uow: UnitOfWork, actor: Actor, verb: PollVerb, which: Which
) -> tuple[Cohort, Poll] | Message:
    """The coordinator's cohort and the poll the command is about, or what to say instead:
    why there is none, or the polls to pick from."""
    coordinator = await coordinator_of(ctx, uow, actor)
    if isinstance(coordinator, Message):
        return coordinator
    cohort, names = coordinator.cohort, ctx.names_for(actor.platform)
    assert cohort.id is not None
    polls = await uow.polls.for_cohort(cohort.id)  # newest first
    if not polls:
        return plain(f"There is no poll yet. Start one with {names.cohort} poll.")
    typed = (
        f"{names.cohort} sessions" if verb is PollVerb.SESSIONS else f"{names.cohort} poll {verb}"
    )
    if isinstance(which, int):
        found = [p for p in polls if p.id == which]
        if not found:
            return plain("That poll no longer exists.")
    elif which:
        found = [p for p in polls if title_key(p.title) == title_key(which)]
        if not found:
            return _not_found(polls, verb, typed, ctx, cohort, which)
    else:
        found = _unnamed(polls, verb)
        if not found:
            return plain(_none_fits(verb))
    fitting = [p for p in found if verb.fits(p)]
    if not fitting:
        return plain(_does_not_fit(found[0], verb))
    if len(fitting) > 1:
        why = _several(fitting, verb)
        return poll_picker(fitting, verb, typed, ctx.zone(cohort), why)
    return cohort, fitting[0]


def _unnamed(polls: Sequence[Poll], verb: PollVerb) -> list[Poll]:
    """The polls a command with no title could mean: the open ones if any are open (for
    answers, and for closing), else every poll it makes sense for."""
    open_ = [p for p in polls if p.status is PollStatus.OPEN]
    if verb is not PollVerb.SESSIONS and open_:
        return open_
    return [p for p in polls if verb.fits(p)]


def _not_found(
    polls: Sequence[Poll],
    verb: PollVerb,
    typed: str,
    ctx: ServiceContext,
    cohort: Cohort,
    title: str,
) -> Message:
    why = f"There is no poll called “{title}”."
    fitting = [p for p in polls if verb.fits(p)]
    if not fitting:
        return plain(f"{why} {_none_fits(verb)}")
    return poll_picker(fitting, verb, typed, ctx.zone(cohort), why)


def _none_fits(verb: PollVerb) -> str:
    if verb is PollVerb.CLOSE:
        return "There is no open poll to close."
    return "No sessions are confirmed yet."


def _does_not_fit(poll: Poll, verb: PollVerb) -> str:
    if verb is PollVerb.CLOSE:
        return f"“{poll.title}” is already closed."
    return f"“{poll.title}” has no confirmed sessions yet."


def _several(polls: Sequence[Poll], verb: PollVerb) -> str:
    if verb is PollVerb.SESSIONS:
        return f"{plural(len(polls), 'poll')} have confirmed sessions."
    if all(p.status is PollStatus.OPEN for p in polls):
        return f"{plural(len(polls), 'poll')} are open."
    return f"The cohort has {plural(len(polls), 'poll')}."
