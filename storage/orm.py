"""The database tables, declared with SQLAlchemy 2 typed mappings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.columns import UTCDateTime

# Named constraints let later migrations drop or alter them by name on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LABEL = 64  # slugs, our own ids, enum values, time zone names
NAME = 200  # names people read
REF = 255  # ids and references the chat platforms hand us, which can be long


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), date: Date()}


class CohortRow(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(LABEL), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    start_date: Mapped[date]
    default_pace: Mapped[int]
    time_zone: Mapped[str] = mapped_column(String(LABEL))
    # The chat platform the cohort runs on; its channels below are that platform's ids.
    platform: Mapped[str] = mapped_column(String(LABEL), server_default="slack")
    cohort_channel: Mapped[str | None] = mapped_column(String(REF))
    moderators_channel: Mapped[str | None] = mapped_column(String(REF))
    coordinators_channel: Mapped[str | None] = mapped_column(String(REF))
    # The privacy notice leaders agree to when they sign up (from the cohort file).
    privacy_text: Mapped[str | None] = mapped_column(Text)
    privacy_link: Mapped[str | None] = mapped_column(String(REF))
    # When a coordinator closed the cohort: weekly messages stop, retention counts from it.
    closed_at: Mapped[datetime | None]


class OrganisationRow(Base):
    __tablename__ = "organisations"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(LABEL), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    seats: Mapped[int]


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(LABEL))
    platform_user_id: Mapped[str] = mapped_column(String(REF))
    display_name: Mapped[str] = mapped_column(String(NAME))
    # No foreign key: organisations belong to a cohort, a person may span cohorts.
    organisation_id: Mapped[str | None] = mapped_column(String(LABEL))
    seniority: Mapped[str | None] = mapped_column(String(LABEL))
    time_zone: Mapped[str | None] = mapped_column(String(LABEL))


class EnrolmentRow(Base):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "person_id", "role"),
        Index(None, "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(LABEL))
    status: Mapped[str] = mapped_column(String(LABEL))
    pace: Mapped[int | None]
    joined_at: Mapped[datetime | None]
    plan_start_week: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    done_at_replan: Mapped[list[str] | None] = mapped_column(JSON)
    nudge_weekday: Mapped[int | None]
    nudge_time: Mapped[str | None] = mapped_column(String(5))
    behind_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    paused_until: Mapped[date | None]
    job_title: Mapped[str | None] = mapped_column(String(NAME))
    consented_at: Mapped[datetime | None]
    # Waitlisted enrolments queue in this order (then by id).
    waitlisted_at: Mapped[datetime | None]


class CompletionRow(Base):
    __tablename__ = "completions"
    __table_args__ = (UniqueConstraint("enrolment_id", "module_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(LABEL))
    source: Mapped[str] = mapped_column(String(LABEL))
    completed_at: Mapped[datetime]


class ProcessedEventRow(Base):
    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(REF), primary_key=True)
    received_at: Mapped[datetime]


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        Index(None, "status", "not_before"),
        # sent_as: which delivery a message the platform refers to came from.
        Index(None, "platform", "platform_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(REF), unique=True)
    # The address, in columns because it is queried: platform, person or channel, its id.
    platform: Mapped[str] = mapped_column(String(LABEL))
    address_kind: Mapped[str] = mapped_column(String(LABEL))
    recipient: Mapped[str] = mapped_column(String(REF))
    # The rest of the outgoing message, as versioned JSON (bot.core.outgoing, without "to").
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    question_id: Mapped[int | None] = mapped_column(Integer, index=True)
    question_side: Mapped[str | None] = mapped_column(String(LABEL))
    status: Mapped[str] = mapped_column(String(LABEL))
    attempts: Mapped[int]
    not_before: Mapped[datetime | None]
    platform_ref: Mapped[str | None] = mapped_column(String(REF))
    error: Mapped[str | None] = mapped_column(Text)
    # Exactly once: which process is sending it now, and since when it may have arrived.
    claimed_by: Mapped[str | None] = mapped_column(String(LABEL))
    attempted_at: Mapped[datetime | None]
    unsure: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class ProcessRow(Base):
    """A bot process at work on this database, and when it last proved itself alive."""

    __tablename__ = "bot_processes"

    id: Mapped[str] = mapped_column(String(LABEL), primary_key=True)
    heartbeat_at: Mapped[datetime]


class ConversationReferenceRow(Base):
    """What a platform needs to write to a person or channel first (Teams' conversation
    reference), kept from the last time they wrote to the bot."""

    __tablename__ = "conversation_references"
    __table_args__ = (UniqueConstraint("platform", "kind", "address_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(LABEL))
    kind: Mapped[str] = mapped_column(String(LABEL))
    address_id: Mapped[str] = mapped_column(String(REF))
    reference: Mapped[dict[str, object]] = mapped_column(JSON)
    last_seen: Mapped[datetime]


class DownloadRow(Base):
    """A file kept for a few days behind a download link, for the person or channel it
    was sent to (Teams takes no file from a bot). The token is the whole secret."""

    __tablename__ = "downloads"
    __table_args__ = (
        Index(None, "expires_at"),
        Index(None, "platform", "address_kind", "recipient"),
    )

    token: Mapped[str] = mapped_column(String(LABEL), primary_key=True)
    # The delivery that offered it, so a retried send finds the same download.
    delivery_key: Mapped[str] = mapped_column(String(REF), unique=True)
    name: Mapped[str] = mapped_column(String(REF))
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(LABEL))
    platform: Mapped[str] = mapped_column(String(LABEL))
    address_kind: Mapped[str] = mapped_column(String(LABEL))
    recipient: Mapped[str] = mapped_column(String(REF))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"))
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(LABEL))
    details: Mapped[dict[str, object]] = mapped_column(JSON)
    at: Mapped[datetime]


class ProgressSnapshotRow(Base):
    """A cohort's progress figures as they stood when one week's digest went out."""

    __tablename__ = "progress_snapshots"
    __table_args__ = (UniqueConstraint("cohort_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    week: Mapped[int]
    taken_at: Mapped[datetime]
    figures: Mapped[dict[str, object]] = mapped_column(JSON)


class ReflectionRow(Base):
    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("enrolment_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    week: Mapped[int]
    text: Mapped[str | None] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class QuestionRow(Base):
    """A question a leader asked the moderators."""

    __tablename__ = "questions"
    # AUTOINCREMENT: SQLite would otherwise reuse a deleted draft's id, and an old
    # button naming that id would act on a newer question.
    __table_args__ = (Index(None, "cohort_id", "status"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    asker_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    module_id: Mapped[str | None] = mapped_column(String(LABEL))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    may_publish: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(LABEL))
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    asked_at: Mapped[datetime]
    first_reply_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]


class QuestionPostRow(Base):
    """One message about a question, written in the asker's thread or the moderators'."""

    __tablename__ = "question_posts"
    __table_args__ = (Index(None, "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    side: Mapped[str] = mapped_column(String(LABEL))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(REF), unique=True)
    at: Mapped[datetime]
    internal: Mapped[bool] = mapped_column(Boolean)


class SavedQuestionRow(Base):
    """A question a leader did not send, because a published answer already answered it.
    Only the count matters: no person, no text."""

    __tablename__ = "saved_questions"
    __table_args__ = (Index(None, "cohort_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    saved_at: Mapped[datetime]


class PollRow(Base):
    """A poll of candidate slots for reflection sessions."""

    __tablename__ = "polls"
    # AUTOINCREMENT: buttons name the poll's id, so SQLite must never reuse one.
    __table_args__ = (Index(None, "cohort_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(NAME))
    deadline: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    formats: Mapped[list[str]] = mapped_column(JSON)
    capacity: Mapped[int | None] = mapped_column(Integer)
    hide_counts: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(LABEL))


class PollSlotRow(Base):
    """One candidate time of a poll."""

    __tablename__ = "poll_slots"
    __table_args__ = (Index(None, "poll_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)


class PollVoteRow(Base):
    """A leader's answer for one slot; answering again replaces it."""

    __tablename__ = "poll_votes"
    __table_args__ = (UniqueConstraint("slot_id", "person_id"), Index(None, "poll_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("poll_slots.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    availability: Mapped[str] = mapped_column(String(LABEL))


class PollFormatVoteRow(Base):
    """A leader's choice of format for a poll's sessions; choosing again replaces it."""

    __tablename__ = "poll_format_votes"
    __table_args__ = (UniqueConstraint("poll_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    choice: Mapped[str] = mapped_column(String(NAME))


class ReflectionSessionRow(Base):
    """A session the coordinator confirmed at one of a poll's slots."""

    __tablename__ = "reflection_sessions"
    __table_args__ = (UniqueConstraint("poll_id", "slot_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("poll_slots.id", ondelete="CASCADE"))
    place: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(NAME))
    # Its own time: the slot's when confirmed, a new one when rescheduled.
    starts_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, server_default="")
    sequence: Mapped[int] = mapped_column(Integer, server_default="0")
    cancelled: Mapped[bool] = mapped_column(Boolean, server_default=false())


class SessionSeatRow(Base):
    """A leader's place in a session, and their feedback on it afterwards."""

    __tablename__ = "session_seats"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_sessions.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    attended: Mapped[bool | None] = mapped_column(Boolean)
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


class ChampionRow(Base):
    """The person who recruits for an organisation and may see its sign-ups."""

    __tablename__ = "champions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["cohort_id", "organisation_id"],
            ["organisations.cohort_id", "organisations.id"],
            ondelete="CASCADE",
        ),
        Index(None, "person_id"),
    )

    cohort_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(LABEL), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))


class InvitationRow(Base):
    """Someone a coordinator invited by email (a bulk import row), and what came of it."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("cohort_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(REF))
    organisation_id: Mapped[str] = mapped_column(String(LABEL))
    seniority: Mapped[str | None] = mapped_column(String(LABEL))
    pace: Mapped[int | None]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    outcome: Mapped[str] = mapped_column(String(LABEL))
    invited_at: Mapped[datetime]


class ConsoleClockRow(Base):
    """The time the console shell reached: one row, or none before the shell first ran."""

    __tablename__ = "console_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    now: Mapped[datetime]


class AnnouncementRow(Base):
    """A coordinator's announcement, kept from the moment it is written until it is sent."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    to_leaders: Mapped[bool]
    status: Mapped[str] = mapped_column(String(LABEL))
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


# Full-text indexes that migration 0013 builds for one dialect only (and storage/schema.py,
# for a new database): SQLite's FTS5 tables (with the shadow tables FTS5 makes, named after
# them) and PostgreSQL's GIN indexes. They are not mapped here, so comparing the schema
# with this file leaves them out.
SEARCH_INDEXES = (
    "question_search",
    "question_post_search",
    "ix_questions_search",
    "ix_question_posts_search",
)


def is_search_index(name: str | None) -> bool:
    """Whether a table or index found in the database is one of the full-text indexes."""
    return name is not None and any(
        name == index or name.startswith(f"{index}_") for index in SEARCH_INDEXES
    )


def compared(name: str | None, kind: str, parents: object) -> bool:
    """Alembic's `include_name`: compare everything but the full-text indexes."""
    return not (kind in {"table", "index"} and is_search_index(name))
