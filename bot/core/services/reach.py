"""Where the bot can write first: the platforms' conversation references, kept as people
and channels write to it, and who it cannot reach yet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.model import Cohort, Role
from bot.core.outgoing import Address, AddressKind, ConversationReference
from bot.core.ports import UnitOfWork
from bot.core.replies.cohort import EVERYONE_REACHED, NotReached, Unreached
from bot.core.services.context import ServiceContext

# What is worth sending late to someone who could not be reached: their welcome. Weekly
# messages that missed them are out of date, and the next week's will come.
WELCOME = "welcome:"


@dataclass(frozen=True)
class Reach:
    ctx: ServiceContext

    async def remember(
        self, address: Address, reference: Mapping[str, object], from_roster: bool = False
    ) -> None:
        """Keep the newest reference to write to `address`, as its platform gave it; a
        welcome that could not reach them before goes now. A reference from a team's
        roster never replaces one from the person's own chat with the bot."""
        async with self.ctx.uow() as uow:
            known = await uow.conversation_references.find(address) if from_roster else None
            if known is not None:
                return
            found = ConversationReference(address, dict(reference), self.ctx.clock.now())
            await uow.conversation_references.remember(found)
            again = await uow.deliveries.retry_unreached(address, WELCOME)
            await uow.commit()
        if again:
            self.ctx.wake_outbox()

    async def reference(self, address: Address) -> ConversationReference | None:
        """How to write to `address`. A channel that never wrote to the bot is reached
        through the newest channel reference on its platform (the same team's service);
        a person, only once they have written or installed the app."""
        async with self.ctx.uow() as uow:
            found = await uow.conversation_references.find(address)
            if found is None and address.kind is AddressKind.CHANNEL:
                found = await uow.conversation_references.newest(address.platform, address.kind)
        return found


# Whose reach coordinators are told about: the people the bot writes to one by one.
REACHED_ROLES = (Role.LEADER, Role.MODERATOR)


async def unreached_members(ctx: ServiceContext, uow: UnitOfWork, cohort: Cohort) -> NotReached:
    """The cohort's leaders and moderators the bot cannot write to yet, leaders first, by
    name, with the platform's advice; nobody where the cohort's platform can write to
    anyone. One query for everyone (`missing`, as `Reach.unreachable` asks)."""
    if ctx.can(cohort.platform).writes_first:
        return EVERYONE_REACHED
    assert cohort.id is not None
    people: dict[Address, Unreached] = {}
    for role in REACHED_ROLES:
        for member in await uow.enrolments.members(cohort.id, role):
            people.setdefault(member.person.address, Unreached(member.person.display_name, role))
    missing = set(await uow.conversation_references.missing(list(people)))
    found = [person for address, person in people.items() if address in missing]
    found.sort(key=lambda p: (REACHED_ROLES.index(p.role), p.name.lower()))
    return NotReached(tuple(found), ctx.platforms[cohort.platform].reach_advice)
