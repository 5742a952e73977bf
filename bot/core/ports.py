"""The interfaces the core needs from the outside world."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.core.announcements import Announcement, AnnouncementStatus
from bot.core.downloads import Download
from bot.core.insight_figures import CompletionSeries
from bot.core.model import (
    AuditEntry,
    Champion,
    Cohort,
    Completion,
    Delivery,
    Enrolment,
    Invitation,
    Member,
    Organisation,
    Person,
    Role,
)
from bot.core.outgoing import Address, AddressKind, ConversationReference, Links
from bot.core.personal_data import Erased, HeldRecords
from bot.core.polls import (
    FormatVote,
    Poll,
    PollSlot,
    PollStatus,
    ReflectionSession,
    Seat,
    SlotPlan,
    Vote,
)
from bot.core.progress_report import LeaderProgress, ProgressRules, ProgressSnapshot
from bot.core.questions import Post, Question
from bot.core.reflection import Reflection


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class OrganisationRepository(Protocol):
    async def upsert(self, cohort_id: int, organisation: Organisation) -> None: ...
    async def list(self, cohort_id: int) -> Sequence[Organisation]: ...
    async def get(self, cohort_id: int, organisation_id: str) -> Organisation | None: ...
    async def lock_seats(self, cohort_id: int, organisation_id: str) -> None:
        """Hold the organisation's seats until commit, so two sign-ups never take one seat."""
        ...


class PersonRepository(Protocol):
    async def get(self, person_id: int) -> Person | None: ...
    async def find(self, platform: str, platform_user_id: str) -> Person | None: ...
    async def add(self, person: Person) -> Person: ...
    async def find_or_add(self, person: Person) -> Person:
        """The person with this platform id, added as given if there is none yet."""
        ...

    async def update(self, person: Person) -> None: ...
    async def find_all(self, platform: str, user_ids: Collection[str]) -> dict[str, Person]:
        """The people with these platform ids, by platform id, in a few queries."""
        ...

    async def add_all(self, people: Sequence[Person]) -> dict[str, Person]:
        """Add people at once; those added, with their ids, by platform id (one stored
        meanwhile by another process is kept, and not among them)."""
        ...

    async def update_all(self, people: Sequence[Person]) -> None:
        """Save stored people's details at once."""
        ...


class CohortRepository(Protocol):
    async def get(self, cohort_id: int) -> Cohort | None: ...
    async def find(self, slug: str) -> Cohort | None: ...
    async def add(self, cohort: Cohort) -> Cohort: ...
    async def update(self, cohort: Cohort) -> None:
        """Keep the cohort's details from its file; never its `closed_at`."""
        ...

    async def all(self) -> Sequence[Cohort]: ...
    async def close(self, cohort_id: int, at: datetime) -> bool:
        """Mark an open cohort closed at `at`; False if it was closed already."""
        ...


class EnrolmentRepository(Protocol):
    async def for_person(self, person_id: int) -> Sequence[Enrolment]: ...
    async def active_of(
        self, platform: str, platform_user_id: str
    ) -> Sequence[tuple[Person, Enrolment, Cohort]]:
        """The person's active enrolments, oldest first, each with the person and its
        cohort, in one query."""
        ...

    async def add(self, enrolment: Enrolment) -> Enrolment: ...
    async def update(self, enrolment: Enrolment) -> None: ...
    async def members(self, cohort_id: int, role: Role) -> Sequence[Member]:
        """Active enrolments of one role, each with its person, in one query."""
        ...

    async def all_members(self, cohort_id: int, role: Role) -> Sequence[Member]:
        """Enrolments of one role in any status (waitlisted, withdrawn), with their people."""
        ...

    async def enrolled(self, cohort_id: int, role: Role) -> set[tuple[str, str]]:
        """Everyone with an enrolment of this role in the cohort, in any status, as
        (platform, platform user id)."""
        ...

    async def add_all(self, enrolments: Sequence[Enrolment]) -> set[int]:
        """Add enrolments at once; the ids of the people enrolled (one enrolled in that
        role already is left as it is)."""
        ...

    async def waiting_in(self, cohort_id: int) -> set[str]:
        """The organisations with leaders on their waitlist in the cohort."""
        ...


class ChampionRepository(Protocol):
    async def name(self, champion: Champion) -> None:
        """Make this person the organisation's champion, replacing any other."""
        ...

    async def for_person(self, person_id: int) -> Sequence[Champion]: ...
    async def for_cohort(self, cohort_id: int) -> Sequence[Champion]: ...


class InvitationRepository(Protocol):
    async def record(self, invitation: Invitation) -> None:
        """Keep an invitation by email; inviting the same email again updates it."""
        ...

    async def for_cohort(self, cohort_id: int) -> Sequence[Invitation]: ...


class CompletionRepository(Protocol):
    async def for_enrolment(self, enrolment_id: int) -> Sequence[Completion]: ...
    async def add(self, completion: Completion) -> bool:
        """Record a completion; False if it was already recorded."""
        ...

    async def remove(self, enrolment_id: int, module_id: str) -> bool: ...
    async def counts(self, cohort_id: int, module_ids: Collection[str]) -> dict[int, int]:
        """Completed modules per enrolment of a cohort, counting only `module_ids` (the
        course file's), in one query."""
        ...

    async def counts_by_module(self, cohort_id: int) -> dict[str, int]:
        """Completions of a cohort per module id, whether or not the module is still in
        the course file, in one query."""
        ...

    async def done_by_enrolment(
        self, cohort_id: int, only: Collection[int] | None = None
    ) -> dict[int, frozenset[str]]:
        """The module ids each enrolment of a cohort has done (or only those enrolments),
        in one query."""
        ...

    async def for_cohort(self, cohort_id: int) -> Sequence[Completion]:
        """Every completion of a cohort's enrolments, oldest first, in one query."""
        ...

    async def leader_progress(
        self, cohort_id: int, rules: ProgressRules
    ) -> Sequence[LeaderProgress]:
        """Each active leader's modules done and modules behind, counted by the database,
        ordered as `EnrolmentRepository.members` orders them."""
        ...


class ProcessedEventRepository(Protocol):
    """Incoming events already handled. A service records the event in the unit of work
    that makes its effect, so the two are committed together or not at all."""

    async def record(self, event_id: str, at: datetime) -> bool:
        """Remember an incoming event; False if it was seen before."""
        ...

    async def seen(self, event_id: str) -> bool:
        """Whether the event was recorded, for effects outside the database."""
        ...


class DeliveryRepository(Protocol):
    async def enqueue(self, delivery: Delivery) -> bool:
        """Add to the outbox; False if a delivery with that key exists."""
        ...

    async def enqueue_all(self, deliveries: Sequence[Delivery]) -> set[str]:
        """Add many to the outbox at once; the keys added (a key that exists is left)."""
        ...

    async def due(
        self, now: datetime, limit: int, leaving_out: Collection[int] = ()
    ) -> Sequence[Delivery]:
        """Up to `limit` deliveries due at `now`, oldest first, but for those with the ids
        `leaving_out`."""
        ...

    async def claim(self, delivery: Delivery, now: datetime, until: datetime, by: str) -> bool:
        """Take a due delivery for process `by` until `until`, unless another process
        took or changed it since it was read; True if taken."""
        ...

    async def release_orphans(self, now: datetime, alive_since: datetime) -> int:
        """Make due at once the claims of processes not heard from since `alive_since`;
        how many."""
        ...

    async def save(self, delivery: Delivery) -> None:
        """Record an attempt's outcome; one that is not a success leaves a delivery the
        platform said had arrived as sent."""
        ...

    async def arrived(self, platform: str, key: str, ref: str) -> bool:
        """Record as sent, known on the platform by `ref`, the delivery with `key`,
        whatever its attempts' answers said; False if it was recorded so already or
        there is no such delivery."""
        ...

    async def get(self, key: str) -> Delivery | None: ...
    async def problems(self, prefix: str) -> Sequence[Delivery]:
        """Deliveries whose key starts with `prefix` that failed or were skipped."""
        ...

    async def keys_starting(self, prefix: str) -> set[str]:
        """The keys of every delivery whose key starts with `prefix`, in one query."""
        ...

    async def next_not_before(self) -> datetime | None:
        """When the earliest pending delivery may go; None if nothing is pending."""
        ...

    async def retry_unreached(self, address: Address, prefix: str) -> int:
        """Make pending again what failed as Unreachable to `address`, among the keys
        starting with `prefix`; how many."""
        ...

    async def sent_as(self, platform: str, platform_ref: str) -> Delivery | None:
        """The delivery the platform knows by `platform_ref`, once it was sent."""
        ...

    async def withdraw_pending(self, prefix: str) -> int:
        """Delete what is still waiting to be sent, never tried, among the deliveries whose
        key starts with `prefix` (news overtaken by later news); how many."""

    async def skip_pending(self, prefixes: Sequence[str], reason: str) -> int:
        """Let go, as skipped with `reason`, every pending delivery whose key starts with
        one of `prefixes`; how many."""
        ...


class ProcessRepository(Protocol):
    """The bot processes at work on this database, each proving it is alive by a heartbeat."""

    async def beat(self, process: str, now: datetime) -> None:
        """Note that `process` is alive at `now` (registering it the first time)."""
        ...

    async def leave(self, process: str) -> None:
        """Forget a process that stops."""
        ...

    async def forget_others(self, process: str) -> int:
        """Forget every process but this one (when it knows it is alone); how many."""
        ...


class ConversationReferenceRepository(Protocol):
    """Where the bot can write first: kept from the last message each address sent."""

    async def remember(self, ref: ConversationReference) -> None:
        """Keep the reference, replacing an older one for the same address."""
        ...

    async def find(self, address: Address) -> ConversationReference | None: ...
    async def missing(self, addresses: Sequence[Address]) -> list[Address]:
        """The addresses the bot has no reference for, in the order given."""
        ...

    async def newest(self, platform: str, kind: AddressKind) -> ConversationReference | None:
        """The reference of this kind seen last on the platform, if any."""
        ...


class DownloadRepository(Protocol):
    """Files kept for a few days behind a download link (where a platform takes no files
    from bots), found by their token."""

    async def add(self, download: Download) -> Download:
        """Keep the download; if one was kept for the same delivery already, that one
        stays and is returned, so a retried send links to the same file."""
        ...

    async def get(self, token: str, now: datetime) -> Download | None:
        """The download with this token, unless it has expired by `now`."""
        ...

    async def delete_expired(self, now: datetime) -> int:
        """Delete every download that has expired by `now`; how many."""
        ...

    async def erase_for(self, addresses: Sequence[Address]) -> int:
        """Delete every download kept for these people or channels; how many."""
        ...


class ProgressSnapshotRepository(Protocol):
    async def add(self, snapshot: ProgressSnapshot) -> bool:
        """Keep a week's figures; False if that week was already kept."""
        ...

    async def latest_before(self, cohort_id: int, week: int) -> ProgressSnapshot | None:
        """The most recent snapshot of an earlier week, if any."""
        ...


class AnnouncementRepository(Protocol):
    async def add(self, announcement: Announcement) -> Announcement:
        """Keep a draft; it comes back with its id."""
        ...

    async def get(self, announcement_id: int) -> Announcement | None: ...
    async def decide(self, announcement_id: int, status: AnnouncementStatus, at: datetime) -> bool:
        """Send or drop a draft; False if it was no longer a draft (decided before)."""
        ...


class ReflectionRepository(Protocol):
    async def offer(self, reflection: Reflection) -> Reflection | None:
        """Record that a week's question was offered; None if it was offered before."""
        ...

    async def get(self, reflection_id: int) -> Reflection | None: ...
    async def answer(self, reflection_id: int, text: str, shared: bool, at: datetime) -> bool:
        """Keep the leader's answer; False if the question was answered before."""
        ...

    async def for_enrolment(self, enrolment_id: int) -> Sequence[Reflection]: ...


class QuestionRepository(Protocol):
    async def add(self, question: Question) -> Question: ...
    async def get(self, question_id: int) -> Question | None: ...
    async def update(self, question: Question) -> None: ...
    async def delete(self, question_id: int) -> None: ...
    async def for_cohort(self, cohort_id: int) -> Sequence[Question]:
        """Every question of a cohort except drafts, oldest first."""
        ...

    async def awaiting_reminder(self) -> Sequence[Question]:
        """Open or claimed questions with no moderator reply and no reminder yet."""
        ...

    async def hand_over(self, question_id: int, was: int | None, to: int | None) -> bool:
        """Give a waiting question to the moderator `to` (None: to nobody) if `was` still
        holds it; False if someone changed it first."""
        ...

    async def add_post(self, post: Post) -> Post | None:
        """Keep a message about a question; None if the message from `source` was kept before."""
        ...

    async def post_from(self, source: str) -> Post | None: ...
    async def update_post(self, post: Post) -> None: ...
    async def posts(self, question_ids: Sequence[int]) -> Sequence[Post]:
        """The posts about these questions, oldest first, in one query."""
        ...


class PublishedAnswerRepository(Protocol):
    """The answers moderators published to the cohort, found by their words, and the
    questions those answers saved."""

    async def matching(
        self, cohort_id: int, terms: Sequence[str], limit: int
    ) -> Sequence[Question]:
        """Published questions whose words, or whose moderators' replies, have any of the
        terms, best match first."""
        ...

    async def record_saved(self, cohort_id: int, at: datetime) -> None:
        """Count one question a published answer saved."""
        ...

    async def saved(self, cohort_id: int) -> int:
        """How many questions published answers saved in the cohort."""
        ...


class PollRepository(Protocol):
    async def add(self, poll: Poll, slots: Sequence[SlotPlan]) -> Poll:
        """Keep a poll and its slots; the poll comes back with its id."""
        ...

    async def get(self, poll_id: int) -> Poll | None: ...
    async def update(self, poll: Poll) -> None: ...
    async def slots(self, poll_id: int) -> Sequence[PollSlot]:
        """The poll's slots, earliest first."""
        ...

    async def for_cohort(self, cohort_id: int) -> Sequence[Poll]:
        """A cohort's polls, newest first."""
        ...

    async def with_status(self, status: PollStatus) -> Sequence[Poll]: ...
    async def close(self, poll_id: int) -> bool:
        """Close an open poll; False if it was not open (closing twice does nothing)."""
        ...

    async def vote(self, vote: Vote) -> None:
        """Keep a leader's answer for a slot, replacing their earlier one."""
        ...

    async def votes(self, poll_id: int) -> Sequence[Vote]: ...
    async def vote_format(self, vote: FormatVote) -> None:
        """Keep a leader's choice of format, replacing their earlier one."""
        ...

    async def format_votes(self, poll_id: int) -> Sequence[FormatVote]: ...


class SessionRepository(Protocol):
    async def add(self, session: ReflectionSession, people: Sequence[int]) -> ReflectionSession:
        """Keep a session with a seat for each person; it comes back with its id."""
        ...

    async def get(self, session_id: int) -> ReflectionSession | None: ...
    async def update(self, session: ReflectionSession, seen: int) -> bool:
        """Keep a changed session if its sequence is still `seen`; False if someone changed
        it meanwhile (then nothing is kept)."""
        ...

    async def for_poll(self, poll_id: int) -> Sequence[ReflectionSession]:
        """A poll's sessions, earliest first."""
        ...

    async def seats(self, session_ids: Sequence[int]) -> Sequence[Seat]:
        """The seats of these sessions, in one query."""
        ...

    async def update_seat(self, seat: Seat) -> None: ...


class PersonalDataRepository(Protocol):
    """What is held about people: gathered for them, or erased."""

    async def held(self, person: Person) -> HeldRecords:
        """Everything about a person not reached through their enrolments."""
        ...

    async def leaders_in(self, cohort_id: int) -> dict[int, frozenset[int]]:
        """Everyone who was a leader in the cohort (in any status), with every cohort
        each of them is enrolled in, in any role."""
        ...

    async def erase(self, person_ids: Sequence[int], cohort_id: int | None = None) -> Erased:
        """Delete what these people did, in one cohort or (None) everywhere; withdraw
        their enrolments, clearing their details; keep their questions as anonymous text."""
        ...

    async def erase_invitations(self, cohort_id: int) -> Erased:
        """Delete every invitation of the cohort, with the email addresses it went to."""
        ...

    async def anonymise(self, tokens: Mapping[int, str]) -> Erased:
        """Make each person (by id) a former participant known only by the new token,
        and take their name and platform id out of every message and note; a person
        anonymised before is left alone."""
        ...


class AuditLog(Protocol):
    async def add(self, entry: AuditEntry, at: datetime) -> None: ...


class UnitOfWork(Protocol):
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
    reflections: ReflectionRepository
    questions: QuestionRepository
    answers: PublishedAnswerRepository
    polls: PollRepository
    sessions: SessionRepository
    progress_snapshots: ProgressSnapshotRepository
    personal_data: PersonalDataRepository
    champions: ChampionRepository
    invitations: InvitationRepository
    announcements: AnnouncementRepository

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


@dataclass(frozen=True)
class Profile:
    """What the chat platform tells us about a user."""

    display_name: str
    time_zone: str | None = None


class Directory(Protocol):
    """Who is who on the chat platforms: each call names the platform it asks."""

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        """Look a user up on the platform; None if there is no such user.

        Raises RetryLater when the platform cannot answer now.
        """
        ...

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        """Whether the user is a member of the channel; raises RetryLater like `profile`."""
        ...


@dataclass(frozen=True)
class FoundUser:
    """A platform user found by email."""

    user_id: str
    profile: Profile


class PeopleFinder(Protocol):
    async def find_by_email(self, email: str) -> FoundUser | None:
        """The user with this email address; None if there is none (or they left).

        Raises RetryLater when the platform cannot answer now.
        """
        ...


class Timed(Protocol):
    """Work that falls due at moments worked out from the database."""

    async def run_due(self) -> None:
        """Do what has fallen due by now; doing it twice changes nothing."""
        ...

    async def next_time(self, after: datetime) -> datetime | None:
        """The next moment after `after` when something falls due, if any."""
        ...


class SchedulerLock(Protocol):
    """Which of several processes sharing one database runs the timed jobs."""

    async def try_acquire(self) -> bool:
        """Take the lock unless another process holds it; True if this process holds it now."""
        ...

    async def still_held(self) -> bool:
        """Check, cheaply, that the lock is still this process's; False once it was lost
        (its database connection dropped), after which `try_acquire` may take it again."""
        ...

    async def release(self) -> None:
        """Give the lock up, if held."""
        ...


class Charts(Protocol):
    """Draws the coordinators' charts; the core never imports a plotting library."""

    def completion_png(self, series: Sequence[CompletionSeries], title: str) -> bytes:
        """Cumulative completion against the plan, one line pair per pace, as a PNG."""
        ...


class RetryLater(Exception):
    """The platform asked us to wait, or failed in a way worth retrying."""

    def __init__(self, reason: str, after_seconds: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after_seconds = after_seconds


class OutcomeUnknown(RetryLater):
    """The request may have reached the platform, but no answer came back (a timeout, a
    server error, a connection cut after sending): the message may have arrived, so the
    next attempt first looks for it.

    `heard_within` is how long the platform may take to say by itself that a message
    arrived (see Outbox.record_arrival): the next attempt waits at least that long, so
    that a message that did arrive is known without looking.
    """

    def __init__(
        self, reason: str, after_seconds: float | None = None, heard_within: float = 0.0
    ) -> None:
        super().__init__(reason, after_seconds)
        self.heard_within = heard_within


class RateLimited(RetryLater):
    """The platform refused the request for coming too fast (HTTP 429)."""


class Undeliverable(Exception):
    """The message can never arrive, for example because the user left."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


UNREACHED = "not reachable yet"


class Unreachable(Undeliverable):
    """The platform lets the bot write to this person only once they have installed or
    opened the app. Their welcome is sent again when they do."""

    def __init__(self) -> None:
        super().__init__(f"{UNREACHED}: they have not installed or opened the app")


class Sender(Protocol):
    platform: str

    async def send(self, delivery: Delivery, links: Links) -> str:
        """Send one outbox delivery and return the platform's message reference.

        `links` holds the platform references of the deliveries it names by key.

        Raises RetryLater (OutcomeUnknown when it may have arrived) or Undeliverable.
        """
        ...

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        """The reference of this delivery's message if an attempt since `since` posted it,
        else None; a platform that cannot look back answers None.

        Raises RetryLater when it cannot look now.
        """
        ...
