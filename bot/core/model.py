"""Plain domain objects shared by every part of the bot."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import cached_property

from bot.core.outgoing import Address, Outgoing


class Role(StrEnum):
    LEADER = "leader"
    MODERATOR = "moderator"
    COORDINATOR = "coordinator"


class EnrolmentStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    WAITLISTED = "waitlisted"  # a leader waiting for a seat in their organisation


class Seniority(StrEnum):
    CHIEF_EXECUTIVE = "chief-executive"
    DIRECTOR = "director"
    ASSISTANT_DIRECTOR = "assistant-director"
    HEAD_OF_SERVICE = "head-of-service"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


_SENIORITY_ALIASES = {
    "ceo": Seniority.CHIEF_EXECUTIVE,
    "chief-exec": Seniority.CHIEF_EXECUTIVE,
    "ad": Seniority.ASSISTANT_DIRECTOR,
    "hos": Seniority.HEAD_OF_SERVICE,
}


def seniority_from(text: str) -> Seniority | None:
    """A seniority from its value, its label or a common abbreviation ("AD", "CEO")."""
    key = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    if key in _SENIORITY_ALIASES:
        return _SENIORITY_ALIASES[key]
    return next((s for s in Seniority if s.value == key), None)


PACES = (3, 6)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    minutes: int
    link: str
    unit: str


@dataclass(frozen=True)
class Curriculum:
    title: str
    modules: tuple[Module, ...]
    # A discussion prompt per unit title, for the cohort channel's weekly post.
    prompts: tuple[tuple[str, str], ...] = ()

    def prompt_for(self, unit: str) -> str | None:
        return dict(self.prompts).get(unit)

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    @cached_property
    def module_ids(self) -> frozenset[str]:
        return frozenset(m.id for m in self.modules)

    def current(self, module_ids: Iterable[str]) -> frozenset[str]:
        """The ids among these that name a module in the course file now: completions of a
        module taken out of it are kept, but count for nothing."""
        return self.module_ids.intersection(module_ids)

    def number_of(self, module_id: str) -> int:
        """The 1-based position leaders use to name a module."""
        return next(i for i, m in enumerate(self.modules, 1) if m.id == module_id)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    seats: int


@dataclass
class Person:
    platform: str
    platform_user_id: str
    display_name: str
    organisation_id: str | None = None
    seniority: Seniority | None = None
    time_zone: str | None = None
    id: int | None = None

    @property
    def address(self) -> Address:
        """Where a direct message to them goes."""
        return Address.person(self.platform, self.platform_user_id)


@dataclass(frozen=True)
class PrivacyNotice:
    """What leaders agree to when they sign up: a short text and a link to the full notice."""

    text: str
    link: str | None = None


class ChannelKind(StrEnum):
    COHORT = "cohort"  # every leader of the cohort
    MODERATORS = "moderators"  # where questions arrive
    COORDINATORS = "coordinators"  # digests and poll proposals


@dataclass
class Cohort:
    slug: str
    name: str
    start_date: date
    default_pace: int
    time_zone: str
    cohort_channel: str | None = None
    moderators_channel: str | None = None
    coordinators_channel: str | None = None
    id: int | None = None
    privacy_notice: PrivacyNotice | None = None
    # The chat platform the cohort runs on; its channels are that platform's. The cohort
    # file does not say: the bot sets it when it takes the cohort on (SetupService.apply).
    platform: str = ""
    # When a coordinator closed the cohort; only `CohortRepository.close` sets it, so
    # applying the cohort file again never opens a closed cohort.
    closed_at: datetime | None = None

    def channel(self, kind: ChannelKind) -> Address | None:
        """One of the cohort's channels as an address on its platform; None if it has none."""
        channel_id = {
            ChannelKind.COHORT: self.cohort_channel,
            ChannelKind.MODERATORS: self.moderators_channel,
            ChannelKind.COORDINATORS: self.coordinators_channel,
        }[kind]
        return Address.channel(self.platform, channel_id) if channel_id else None


@dataclass(frozen=True)
class Rhythm:
    """A leader's own plan and nudge preferences; None means the cohort's default."""

    plan_start_week: int = 1
    done_at_replan: frozenset[str] = frozenset()
    nudge_weekday: int | None = None  # 0 is Monday
    nudge_time: time | None = None
    behind_reminders: bool = True
    paused_until: date | None = None


@dataclass
class Enrolment:
    cohort_id: int
    person_id: int
    role: Role
    pace: int | None = None
    status: EnrolmentStatus = EnrolmentStatus.ACTIVE
    joined_at: datetime | None = None
    rhythm: Rhythm = field(default_factory=Rhythm)
    id: int | None = None
    # Sign-up details: what the leader gave in the join form, and when they agreed to the
    # privacy notice; when they joined their organisation's waitlist, which orders it.
    job_title: str | None = None
    consented_at: datetime | None = None
    waitlisted_at: datetime | None = None


@dataclass(frozen=True)
class Champion:
    """The person who recruits for one organisation and may see its sign-ups."""

    cohort_id: int
    organisation_id: str
    person_id: int


@dataclass(frozen=True)
class Invitation:
    """One person a coordinator invited by email (a bulk import row), and what came of it."""

    cohort_id: int
    email: str
    organisation_id: str
    outcome: str
    invited_at: datetime
    seniority: Seniority | None = None
    pace: int | None = None
    person_id: int | None = None


@dataclass(frozen=True)
class Completion:
    enrolment_id: int
    module_id: str
    source: str
    completed_at: datetime


@dataclass(frozen=True)
class Member:
    """An enrolment together with the person it belongs to."""

    person: Person
    enrolment: Enrolment


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # fell due while the bot was down, and too late to send


@dataclass
class Delivery:
    """A message that must arrive, kept in the outbox until it has."""

    key: str
    outgoing: Outgoing
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    not_before: datetime | None = None
    platform_ref: str | None = None
    error: str | None = None
    id: int | None = None
    # For a delivery about a question: which one; for the two that start its threads
    # (the card, the start of the asker's thread), which side's thread it starts.
    question_id: int | None = None
    question_side: str | None = None
    # The process sending it now; left set by a process that died mid-send.
    claimed_by: str | None = None
    # When the earliest attempt not known to have failed began; with `unsure`, an attempt
    # whose answer was lost, the message may have arrived since then.
    attempted_at: datetime | None = None
    unsure: bool = False

    @property
    def outcome_unknown(self) -> bool:
        """Whether an earlier attempt may have posted it: its answer was lost, or its
        process died before recording one."""
        return self.unsure or self.claimed_by is not None

    @property
    def platform(self) -> str:
        return self.outgoing.to.platform

    @property
    def recipient(self) -> str:
        return self.outgoing.to.id


@dataclass(frozen=True)
class AuditEntry:
    actor_person_id: int | None
    action: str
    details: dict[str, object] = field(default_factory=dict)
    cohort_id: int | None = None


@dataclass(frozen=True)
class Actor:
    """Who is asking: a user as the chat platform knows them."""

    platform: str
    user_id: str

    @property
    def address(self) -> Address:
        """Where a direct message to them goes."""
        return Address.person(self.platform, self.user_id)


@dataclass(frozen=True)
class StaffSetup:
    """A coordinator or moderator named in the cohort file."""

    user_id: str
    name: str | None = None


@dataclass(frozen=True)
class ParticipantSetup:
    user_id: str
    name: str
    organisation_id: str
    seniority: Seniority
    pace: int | None = None


@dataclass(frozen=True)
class CohortSetup:
    """A cohort as the coordinators describe it in the cohort file."""

    cohort: Cohort
    organisations: tuple[Organisation, ...]
    coordinators: tuple[StaffSetup, ...] = ()
    moderators: tuple[StaffSetup, ...] = ()
    participants: tuple[ParticipantSetup, ...] = ()
