"""Repositories for organisations' champions and invitations by email."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.model import Champion, Invitation, Seniority
from storage.orm import ChampionRow, InvitationRow
from storage.repositories.base import dialect_insert


def to_champion(row: ChampionRow) -> Champion:
    return Champion(row.cohort_id, row.organisation_id, row.person_id)


def to_invitation(row: InvitationRow) -> Invitation:
    return Invitation(
        cohort_id=row.cohort_id,
        email=row.email,
        organisation_id=row.organisation_id,
        outcome=row.outcome,
        invited_at=row.invited_at,
        seniority=Seniority(row.seniority) if row.seniority else None,
        pace=row.pace,
        person_id=row.person_id,
    )


class SqlChampionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def name(self, champion: Champion) -> None:
        """Make this person the organisation's champion, replacing any other."""
        insert = dialect_insert(self._session, ChampionRow).values(
            cohort_id=champion.cohort_id,
            organisation_id=champion.organisation_id,
            person_id=champion.person_id,
        )
        await self._session.execute(
            insert.on_conflict_do_update(
                index_elements=["cohort_id", "organisation_id"],
                set_={"person_id": insert.excluded.person_id},
            )
        )

    async def for_person(self, person_id: int) -> Sequence[Champion]:
        rows = await self._session.scalars(
            select(ChampionRow)
            .where(ChampionRow.person_id == person_id)
            .order_by(ChampionRow.cohort_id, ChampionRow.organisation_id)
            .execution_options(populate_existing=True)
        )
        return [to_champion(row) for row in rows]

    async def for_cohort(self, cohort_id: int) -> Sequence[Champion]:
        rows = await self._session.scalars(
            select(ChampionRow)
            .where(ChampionRow.cohort_id == cohort_id)
            .order_by(ChampionRow.organisation_id)
            .execution_options(populate_existing=True)
        )
        return [to_champion(row) for row in rows]


class SqlInvitationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, invitation: Invitation) -> None:
        """Keep an invitation by email; inviting the same email again updates it."""
        values = {
            "cohort_id": invitation.cohort_id,
            "email": invitation.email.lower(),
            "organisation_id": invitation.organisation_id,
            "seniority": invitation.seniority.value if invitation.seniority else None,
            "pace": invitation.pace,
            "person_id": invitation.person_id,
            "outcome": invitation.outcome,
            "invited_at": invitation.invited_at,
        }
        insert = dialect_insert(self._session, InvitationRow).values(**values)
        changed = {
            k: getattr(insert.excluded, k) for k in values if k not in {"cohort_id", "email"}
        }
        await self._session.execute(
            insert.on_conflict_do_update(index_elements=["cohort_id", "email"], set_=changed)
        )

    async def for_cohort(self, cohort_id: int) -> Sequence[Invitation]:
        rows = await self._session.scalars(
            select(InvitationRow)
            .where(InvitationRow.cohort_id == cohort_id)
            .order_by(InvitationRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_invitation(row) for row in rows]
