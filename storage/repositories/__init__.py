"""SQLAlchemy implementations of the repository ports in bot.core.ports."""

from storage.repositories.announcements import SqlAnnouncementRepository
from storage.repositories.answers import SqlPublishedAnswerRepository
from storage.repositories.conversations import SqlConversationReferenceRepository
from storage.repositories.downloads import SqlDownloadRepository
from storage.repositories.enrolments import SqlCompletionRepository, SqlEnrolmentRepository
from storage.repositories.outbox import (
    SqlAuditLog,
    SqlDeliveryRepository,
    SqlProcessedEventRepository,
    SqlProcessRepository,
)
from storage.repositories.people import (
    SqlCohortRepository,
    SqlOrganisationRepository,
    SqlPersonRepository,
)
from storage.repositories.personal_data import SqlPersonalDataRepository
from storage.repositories.polls import SqlPollRepository, SqlSessionRepository
from storage.repositories.questions import SqlQuestionRepository
from storage.repositories.recruitment import SqlChampionRepository, SqlInvitationRepository
from storage.repositories.reflections import SqlReflectionRepository
from storage.repositories.reports import SqlProgressSnapshotRepository

__all__ = [
    "SqlAnnouncementRepository",
    "SqlAuditLog",
    "SqlChampionRepository",
    "SqlCohortRepository",
    "SqlCompletionRepository",
    "SqlConversationReferenceRepository",
    "SqlDeliveryRepository",
    "SqlDownloadRepository",
    "SqlEnrolmentRepository",
    "SqlInvitationRepository",
    "SqlOrganisationRepository",
    "SqlPersonRepository",
    "SqlPersonalDataRepository",
    "SqlPollRepository",
    "SqlProcessRepository",
    "SqlProcessedEventRepository",
    "SqlProgressSnapshotRepository",
    "SqlPublishedAnswerRepository",
    "SqlQuestionRepository",
    "SqlReflectionRepository",
    "SqlSessionRepository",
]
