"""What coordinators see of a poll: who answered what, and who has not."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Message
from bot.core.model import Actor, Role
from bot.core.polls import PollVerb
from bot.core.replies.polls import missing_message, results_message
from bot.core.services.context import ServiceContext
from bot.core.services.poll_choice import Which, chosen_poll
from bot.core.services.polls import leader_names
from bot.core.slot_choice import Availability


@dataclass(frozen=True)
class PollReports:
    ctx: ServiceContext

    async def results(self, actor: Actor, which: Which) -> Message:
        """Who answered what in the poll named (or the one meant), for coordinators."""
        async with self.ctx.uow() as uow:
            found = await chosen_poll(self.ctx, uow, actor, PollVerb.RESULTS, which)
            if isinstance(found, Message):
                return found
            cohort, poll = found
            assert poll.id is not None
            slots = await uow.polls.slots(poll.id)
            names = await leader_names(uow, cohort)
            answers: dict[int, dict[Availability, list[str]]] = {}
            for vote in await uow.polls.votes(poll.id):
                by_answer = answers.setdefault(vote.slot_id, {})
                by_answer.setdefault(vote.availability, []).append(names.get(vote.person_id, "?"))
            formats: dict[str, list[str]] = {}
            for chosen in await uow.polls.format_votes(poll.id):
                formats.setdefault(chosen.choice, []).append(names.get(chosen.person_id, "?"))
        return results_message(poll, slots, self.ctx.zone(cohort), answers, formats)

    async def missing(self, actor: Actor, which: Which) -> Message:
        """The leaders who have not answered the poll, for coordinators."""
        async with self.ctx.uow() as uow:
            found = await chosen_poll(self.ctx, uow, actor, PollVerb.MISSING, which)
            if isinstance(found, Message):
                return found
            cohort, poll = found
            assert poll.id is not None and cohort.id is not None
            voted = {v.person_id for v in await uow.polls.votes(poll.id)}
            leaders = await uow.enrolments.members(cohort.id, Role.LEADER)
        return missing_message(
            poll, sorted(m.person.display_name for m in leaders if m.person.id not in voted)
        )
