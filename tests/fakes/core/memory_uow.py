"""The in-memory unit of work: `async with uow: ...; await uow.commit()`, as with SQL.

Each unit of work copies a table the first time it touches it; commit writes the rows it
changed back; leaving the block without commit throws the copies away.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from bot.core.ports import (
    AnnouncementRepository,
    AuditLog,
    ChampionRepository,
    Clock,
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
    UnitOfWork,
    UnitOfWorkFactory,
)
from tests.fakes.core.memory_announcements import MemoryAnnouncementRepository
from tests.fakes.core.memory_downloads import MemoryDownloadRepository
from tests.fakes.core.memory_outbox import (
    MemoryAuditLog,
    MemoryConversationReferenceRepository,
    MemoryDeliveryRepository,
    MemoryProcessedEventRepository,
    MemoryProcessRepository,
)
from tests.fakes.core.memory_people import (
    MemoryCohortRepository,
    MemoryCompletionRepository,
    MemoryEnrolmentRepository,
    MemoryOrganisationRepository,
    MemoryPersonRepository,
)
from tests.fakes.core.memory_personal_data import MemoryPersonalDataRepository
from tests.fakes.core.memory_polls import MemoryPollRepository, MemorySessionRepository
from tests.fakes.core.memory_questions import (
    MemoryPublishedAnswerRepository,
    MemoryQuestionRepository,
)
from tests.fakes.core.memory_recruitment import (
    MemoryChampionRepository,
    MemoryInvitationRepository,
    MemoryProgressSnapshotRepository,
    MemoryReflectionRepository,
)
from tests.fakes.core.tables import MemoryDatabase, WorkingSet


class MemoryUnitOfWork:
    """One unit of work over a `MemoryDatabase`; make a new one for each use."""

    # Typed as the ports, as SqlUnitOfWork is: protocol attributes are invariant.
    organisations: OrganisationRepository
    people: PersonRepository
    cohorts: CohortRepository
    enrolments: EnrolmentRepository
    completions: CompletionRepository
    processed_events: ProcessedEventRepository
    deliveries: DeliveryRepository
    processes: ProcessRepository
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
    conversation_references: ConversationReferenceRepository
    announcements: AnnouncementRepository

    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database
        self._work: WorkingSet | None = None
        self.committed = False  # whether commit was called, for tests that care

    async def __aenter__(self) -> Self:
        if self._work is not None:
            raise RuntimeError("this unit of work is already open; make a new one")
        work = self._work = WorkingSet(self._database)
        self.organisations = MemoryOrganisationRepository(work)
        self.people = MemoryPersonRepository(work)
        self.cohorts = MemoryCohortRepository(work)
        self.enrolments = MemoryEnrolmentRepository(work)
        self.completions = MemoryCompletionRepository(work)
        self.processed_events = MemoryProcessedEventRepository(work)
        self.deliveries = MemoryDeliveryRepository(work)
        self.processes = MemoryProcessRepository(work)
        self.downloads = MemoryDownloadRepository(work)
        self.audit = MemoryAuditLog(work)
        self.progress_snapshots = MemoryProgressSnapshotRepository(work)
        self.personal_data = MemoryPersonalDataRepository(work)
        self.reflections = MemoryReflectionRepository(work)
        self.questions = MemoryQuestionRepository(work)
        self.answers = MemoryPublishedAnswerRepository(work)
        self.polls = MemoryPollRepository(work)
        self.sessions = MemorySessionRepository(work)
        self.champions = MemoryChampionRepository(work)
        self.invitations = MemoryInvitationRepository(work)
        self.conversation_references = MemoryConversationReferenceRepository(work)
        self.announcements = MemoryAnnouncementRepository(work)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        self._work = None

    async def commit(self) -> None:
        if self._work is None:
            raise RuntimeError("commit outside `async with` of the unit of work")
        self._work.commit()
        self.committed = True


class MemoryUnitOfWorkFactory:
    """Makes a fresh unit of work over one shared in-memory database; hand it to services."""

    def __init__(self, database: MemoryDatabase | None = None, clock: Clock | None = None) -> None:
        self.database = database or MemoryDatabase(clock)

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)


def _conforms(factory: MemoryUnitOfWorkFactory) -> tuple[UnitOfWorkFactory, UnitOfWork]:
    """Never called: mypy checks here that the fakes are the ports."""
    return factory, factory()
