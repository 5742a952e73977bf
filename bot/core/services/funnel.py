"""The recruitment funnel per organisation, and each sign-up with its status; a champion
sees only their own organisations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.messages import Message
from bot.core.model import Actor, Cohort, EnrolmentStatus, Member, Organisation, Role
from bot.core.recruitment import by_organisation, funnel, waitlist_order
from bot.core.replies.cohort import coordinators_only_message
from bot.core.replies.recruitment import SignUp, recruitment_message
from bot.core.services.context import ServiceContext, membership


@dataclass(frozen=True)
class RecruitmentFunnel:
    ctx: ServiceContext

    async def report(self, actor: Actor) -> Message:
        """The funnel per organisation; a champion sees only their organisations."""
        async with self.ctx.uow() as uow:
            coordinator = await membership(uow, actor, Role.COORDINATOR)
            person = await uow.people.find(actor.platform, actor.user_id)
            champions = (
                await uow.champions.for_person(person.id)
                if person is not None and person.id is not None
                else []
            )
            if coordinator is not None:
                cohort: Cohort | None = coordinator.cohort
            elif champions:
                cohort = await uow.cohorts.get(champions[0].cohort_id)
            else:
                cohort = None
            if cohort is None or cohort.id is None:
                return coordinators_only_message(self.ctx.names_for(actor.platform))
            organisations: Sequence[Organisation] = await uow.organisations.list(cohort.id)
            scope: list[Organisation] = []
            if coordinator is None:
                mine = {c.organisation_id for c in champions if c.cohort_id == cohort.id}
                scope = [o for o in organisations if o.id in mine]
                organisations = scope
            leaders = await uow.enrolments.all_members(cohort.id, Role.LEADER)
            invitations = await uow.invitations.for_cohort(cohort.id)
            done = await uow.completions.counts(cohort.id, self.ctx.curriculum.module_ids)
        modules = len(self.ctx.curriculum.modules)
        rows = funnel(organisations, leaders, invitations, done, modules)
        shown = {o.id for o in organisations}
        people = sign_ups(
            [m for m in leaders if m.person.organisation_id in shown], organisations, done
        )
        return recruitment_message(cohort, rows, people, modules, scope)


def sign_ups(
    leaders: Sequence[Member], organisations: Sequence[Organisation], done: dict[int, int]
) -> list[SignUp]:
    """Each leader with their status, by organisation: seated, then waiting in order, then
    withdrawn."""
    rows = []
    grouped = by_organisation(leaders)
    for org in organisations:
        mine = grouped.get(org.id, [])
        queue = {e.id: n for n, e in enumerate(waitlist_order(m.enrolment for m in mine), 1)}
        ranked = sorted(
            mine,
            key=lambda m: (
                _STATUS_ORDER[m.enrolment.status],
                queue.get(m.enrolment.id, 0),
                m.person.display_name.lower(),
            ),
        )
        for m in ranked:
            status = {
                EnrolmentStatus.ACTIVE: "enrolled",
                EnrolmentStatus.WAITLISTED: f"waitlist {queue.get(m.enrolment.id)} for {org.name}",
                EnrolmentStatus.WITHDRAWN: "withdrawn",
            }[m.enrolment.status]
            seniority = m.person.seniority.label if m.person.seniority else None
            rows.append(
                SignUp(
                    m.person.display_name,
                    m.enrolment.job_title,
                    seniority,
                    status,
                    done.get(m.enrolment.id or 0, 0),
                )
            )
    return rows


_STATUS_ORDER = {
    EnrolmentStatus.ACTIVE: 0,
    EnrolmentStatus.WAITLISTED: 1,
    EnrolmentStatus.WITHDRAWN: 2,
}
