"""The unit of work: one session, the repositories over it, commit or roll back."""

from __future__ import annotations

import asyncio
import logging
from types import TracebackType
from typing import Self

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.ports import (
    AnnouncementRepository,
    AuditLog,
    ChampionRepository,
    CohortRepository,
    CompletionRepository,
    ConversationReferenceRepository,
    DeliveryRepository,
    DownloadRepository,
    EnrolmentRepository,
    InvitationRepository,
    OrganisationRepository,
    PersonalDataRepository,
    PersonRepository,
    PollRepository,
    ProcessedEventRepository,
    ProcessRepository,
    ProgressSnapshotRepository,
    PublishedAnswerRepository,
    QuestionRepository,
    ReflectionRepository,
    SessionRepository,
)
from storage.repositories import (
    SqlAnnouncementRepository,
    SqlAuditLog,
    SqlChampionRepository,
    SqlCohortRepository,
    SqlCompletionRepository,
    SqlConversationReferenceRepository,
    SqlDeliveryRepository,
    SqlDownloadRepository,
    SqlEnrolmentRepository,
    SqlInvitationRepository,
    SqlOrganisationRepository,
    SqlPersonalDataRepository,
    SqlPersonRepository,
    SqlPollRepository,
    SqlProcessedEventRepository,
    SqlProcessRepository,
    SqlProgressSnapshotRepository,
    SqlPublishedAnswerRepository,
    SqlQuestionRepository,
    SqlReflectionRepository,
    SqlSessionRepository,
)

logger = logging.getLogger(__name__)


class SqlUnitOfWork:
    """Use as `async with uow: ...; await uow.commit()`; leaving without commit rolls back."""

    # Typed as the ports: protocol attributes are invariant, so the Sql types would not match.
    organisations: OrganisationRepository
    people: PersonRepository
    cohorts: CohortRepository
    enrolments: EnrolmentRepository
    completions: CompletionRepository
    processed_events: ProcessedEventRepository
    deliveries: DeliveryRepository
    processes: ProcessRepository
    conversation_references: ConversationReferenceRepository
    downloads: DownloadRepository
    audit: AuditLog
    progress_snapshots: ProgressSnapshotRepository
    personal_data: PersonalDataRepository
    reflections: ReflectionRepository
    questions: QuestionRepository
    answers: PublishedAnswerRepository
    polls: PollRepository
    sessions: SessionRepository
    champions: ChampionRepository
    invitations: InvitationRepository
    announcements: AnnouncementRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open; make a new one")
        session = self._session = self._session_factory()
        self.organisations = SqlOrganisationRepository(session)
        self.people = SqlPersonRepository(session)
        self.cohorts = SqlCohortRepository(session)
        self.enrolments = SqlEnrolmentRepository(session)
        self.completions = SqlCompletionRepository(session)
        self.processed_events = SqlProcessedEventRepository(session)
        self.deliveries = SqlDeliveryRepository(session)
        self.processes = SqlProcessRepository(session)
        self.conversation_references = SqlConversationReferenceRepository(session)
        self.downloads = SqlDownloadRepository(session)
        self.audit = SqlAuditLog(session)
        self.progress_snapshots = SqlProgressSnapshotRepository(session)
        self.personal_data = SqlPersonalDataRepository(session)
        self.reflections = SqlReflectionRepository(session)
        self.questions = SqlQuestionRepository(session)
        self.answers = SqlPublishedAnswerRepository(session)
        self.polls = SqlPollRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.champions = SqlChampionRepository(session)
        self.invitations = SqlInvitationRepository(session)
        self.announcements = SqlAnnouncementRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        session, self._session = self._session, None
        if session is None:
            return
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        if self._session is None:
            raise RuntimeError("commit outside `async with` of the unit of work")
        await self._session.commit()


class SqlUnitOfWorkFactory:
    """Makes a fresh unit of work for each use; hand it to the services."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._session_factory)


async def database_is_reachable(engine: AsyncEngine, within_seconds: float = 5.0) -> bool:
    """True if the database answers a trivial query within `within_seconds`."""
    try:
        # A health check must answer even when the server hangs instead of refusing.
        async with asyncio.timeout(within_seconds), engine.connect() as connection:
            await connection.scalar(select(1))
    # Refused connections surface as OSError, hung ones as TimeoutError (also an OSError).
    except (SQLAlchemyError, OSError):
        logger.warning("database is unreachable", exc_info=True)
        return False
    return True
