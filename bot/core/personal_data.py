"""What the bot holds about one person, as a file for them, and how it is erased.

A person who asks to be forgotten (or whose cohort the retention purge reaches) keeps a
row so that what others did still adds up, but the row no longer says who they were:
their name becomes `FORMER_PARTICIPANT` and their platform id a random token that no
platform ever hands out, so it can never match them again.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from bot.core.cohort_end import COURSE_WEEKS
from bot.core.model import (
    Champion,
    Cohort,
    Completion,
    Curriculum,
    DeliveryStatus,
    Enrolment,
    Invitation,
    Person,
)
from bot.core.platforms import CommandNames
from bot.core.questions import Post, Question
from bot.core.reflection import Reflection

FORMER_PARTICIPANT = "Former participant"
FORGOTTEN_PREFIX = "forgotten-"
# The course ends when the longest pace does; the retention period counts from then.


def forgotten_token() -> str:
    """A platform id no platform uses, different every time."""
    return f"{FORGOTTEN_PREFIX}{uuid4().hex}"


def is_forgotten(person: Person) -> bool:
    return person.platform_user_id.startswith(FORGOTTEN_PREFIX)


def cohort_ended(cohort: Cohort) -> date:
    """Where the retention period starts: the day a coordinator closed the cohort, or, for
    a cohort never closed, the end of its course (its start plus the longest pace)."""
    if cohort.closed_at is not None:
        return cohort.closed_at.astimezone(ZoneInfo(cohort.time_zone)).date()
    return cohort.start_date + timedelta(weeks=COURSE_WEEKS)


@dataclass(frozen=True)
class VoteRecord:
    """A leader's answer for one slot of a poll."""

    poll: str
    starts_at: datetime
    minutes: int
    availability: str


@dataclass(frozen=True)
class FormatVoteRecord:
    poll: str
    choice: str


@dataclass(frozen=True)
class SeatRecord:
    """A leader's place in a reflection session, and what they said about it."""

    poll: str
    starts_at: datetime
    minutes: int
    format: str
    attended: bool | None
    rating: int | None
    comment: str | None


@dataclass(frozen=True)
class DeliveryRecord:
    """A message the bot queued for the person: which one, what came of it, and when."""

    key: str
    status: DeliveryStatus
    queued_at: datetime
    changed_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    """An audit-log entry the person made, or one about them."""

    action: str
    at: datetime
    by_them: bool


@dataclass(frozen=True)
class HeldRecords:
    """Everything about a person that is not reached through their enrolments."""

    questions: Sequence[Question] = ()
    posts: Sequence[Post] = ()
    votes: Sequence[VoteRecord] = ()
    format_votes: Sequence[FormatVoteRecord] = ()
    seats: Sequence[SeatRecord] = ()
    deliveries: Sequence[DeliveryRecord] = ()
    audit: Sequence[AuditRecord] = ()
    champions: Sequence[Champion] = ()
    invitations: Sequence[Invitation] = ()


@dataclass(frozen=True)
class EnrolmentRecords:
    enrolment: Enrolment
    cohort: Cohort | None
    completions: Sequence[Completion]
    reflections: Sequence[Reflection]


@dataclass(frozen=True)
class Erased:
    """How many records an erasure deleted or changed."""

    enrolments: int = 0  # withdrawn, their details cleared
    completions: int = 0
    reflections: int = 0
    poll_votes: int = 0
    format_votes: int = 0
    seats: int = 0
    drafts: int = 0  # unsent questions, deleted
    questions: int = 0  # made anonymous, kept as text for the moderators
    people: int = 0  # anonymised
    deliveries: int = 0  # pending messages to them, deleted
    champions: int = 0
    invitations: int = 0  # with the email address they were sent to
    downloads: int = 0  # files kept behind a download link, for them or naming them

    def __add__(self, other: Erased) -> Erased:
        return Erased(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def nothing(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class CohortPurge:
    """What the retention purge did to one cohort."""

    cohort: Cohort
    ended: date
    erased: Erased
    kept_people: int  # also in a cohort still kept, so only this cohort's records went


# Words before a first name that are not one ("Cllr Amira Khan").
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "sir", "dame", "rev"})
EMAIL_REMOVED = "(email address removed)"
_EMAIL = r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+"


@dataclass(frozen=True)
class Replacements:
    """What to take out of stored text, each as a whole word.

    `names` (full names) match in any case and become `FORMER_PARTICIPANT`; `words`
    (platform ids, first names, email addresses) match only as written, since a first
    name such as "Will" is also a word; with `every_email`, any email address goes too.
    """

    names: Collection[str] = ()
    words: Mapping[str, str] = field(default_factory=dict)
    every_email: bool = False

    def pattern(self) -> re.Pattern[str] | None:
        parts = [f"(?P<email>{_EMAIL})"] if self.every_email else []
        if self.names:
            parts.append(f"(?P<name>(?i:{_any_word(self.names)}))")
        if self.words:
            parts.append(f"(?P<word>{_any_word(self.words)})")
        return re.compile("|".join(parts)) if parts else None

    def replacement(self, match: re.Match[str]) -> str:
        if match.lastgroup == "email":
            return EMAIL_REMOVED
        if match.lastgroup == "name":
            return FORMER_PARTICIPANT
        return self.words[match.group(0)]

    def needles(self) -> list[str]:
        """What to look for in stored text (in any case), as typed and as JSON escapes it."""
        found = set()
        for word in (*self.names, *self.words):
            found.add(word)
            found.add(json.dumps(word)[1:-1])
        return sorted(found)


def _any_word(words: Collection[str]) -> str:
    """A regular expression for any of the words, as a whole word, the longest first."""
    longest = sorted(words, key=len, reverse=True)
    return "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in longest)


EVERY_EMAIL = Replacements(every_email=True)


def scrub(value: object, replacements: Replacements) -> object:
    """`value` (text, or JSON made of dicts, lists and text) with the words replaced."""
    pattern = replacements.pattern()
    if pattern is None:
        return value

    def walk(item: object) -> object:
        if isinstance(item, str):
            return pattern.sub(replacements.replacement, item)
        if isinstance(item, dict):
            return {walk(k): walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v) for v in item]
        return item

    return walk(value)


def unname(value: object, replacements: Replacements) -> object:
    """`value` with the words replaced and, if it named someone, every email address
    taken out too: next to a name, an address is likely to be theirs."""
    unnamed = scrub(value, replacements)
    return unnamed if unnamed == value else scrub(unnamed, EVERY_EMAIL)


def first_name(display_name: str) -> str | None:
    """The first name in a name of several words ("Amira" in "Cllr Amira Khan"), if it
    is long enough to be taken out of text on its own ("Al" would match too much)."""
    words = [w for w in display_name.split() if w.lower().strip(".") not in TITLES]
    if len(words) < 2 or len(words[0]) < 3 or not words[0].replace("-", "").isalpha():
        return None
    return words[0]


@dataclass(frozen=True)
class Forgetting:
    """What to take out of stored text for the people being forgotten.

    In their own words and in the threads of their questions (`about_them`), their full
    and first names, ids and every email address go. Anywhere else (`elsewhere`), their
    full names, ids and email addresses go, and their first names only where nobody else
    the bot knows has the same one, so "Amira Patel" is not renamed for Amira Khan.
    """

    about_them: Replacements
    elsewhere: Replacements


def forgetting(
    people: Sequence[tuple[Person, str]], emails: Iterable[str], others: Iterable[str]
) -> Forgetting:
    """`people`: each as they were, with their new token; `emails`: addresses known to
    be theirs; `others`: the names of everyone else the bot knows."""
    shared = {first_name(name) or name for name in others}
    names: set[str] = set()
    words = {email: EMAIL_REMOVED for email in emails}
    first_names: dict[str, str] = {}
    for person, token in people:
        words[person.platform_user_id] = token
        if len(person.display_name) >= 3 and person.display_name != FORMER_PARTICIPANT:
            names.add(person.display_name)
        first = first_name(person.display_name)
        if first is not None:
            first_names[first] = FORMER_PARTICIPANT
    unshared = {first: to for first, to in first_names.items() if first not in shared}
    return Forgetting(
        about_them=Replacements(names, {**first_names, **words}, every_email=True),
        elsewhere=Replacements(names, {**unshared, **words}),
    )


_AGE = re.compile(r"(\d{1,5})([dw])", re.IGNORECASE)


def parse_age(text: str) -> timedelta | None:
    """'365d' or '52w' as a length of time; None for anything else, or nothing."""
    match = _AGE.fullmatch(text.strip())
    if match is None or int(match.group(1)) == 0:
        return None
    days = int(match.group(1)) * (7 if match.group(2).lower() == "w" else 1)
    return timedelta(days=days)


def my_data_filename(today: date) -> str:
    return f"facilitator-my-data-{today.isoformat()}.json"


def my_data_document(
    person: Person,
    enrolments: Sequence[EnrolmentRecords],
    held: HeldRecords,
    curriculum: Curriculum,
    now: datetime,
    names: CommandNames,
) -> str:
    """Everything held about a person, as indented JSON that reads well as it is."""
    numbers = {m.id: (n, m.title) for n, m in enumerate(curriculum.modules, 1)}

    def module(module_id: str | None) -> str | None:
        if module_id is None:
            return None
        number, title = numbers.get(module_id, (None, None))
        return f"{number}. {title}" if number else module_id

    document = {
        "about": (
            "Everything Facilitator holds about you. Times are in UTC. "
            f"Type {names.progress} forget-me to have it deleted."
        ),
        "made_at": _time(now),
        "you": {
            "platform": person.platform,
            "platform_user_id": person.platform_user_id,
            "display_name": person.display_name,
            "organisation": person.organisation_id,
            "seniority": person.seniority.value if person.seniority else None,
            "time_zone": person.time_zone,
        },
        "enrolments": [
            {
                "cohort": record.cohort.name if record.cohort else record.enrolment.cohort_id,
                "role": record.enrolment.role.value,
                "status": record.enrolment.status.value,
                "pace_weeks": record.enrolment.pace,
                "joined_at": _time(record.enrolment.joined_at),
                "plan_starts_in_week": record.enrolment.rhythm.plan_start_week,
                "weekly_message_day": _weekday(record.enrolment.rhythm.nudge_weekday),
                "weekly_message_time": _clock(record.enrolment.rhythm.nudge_time),
                "reminders_when_behind": record.enrolment.rhythm.behind_reminders,
                "paused_until": _day(record.enrolment.rhythm.paused_until),
                "job_title": record.enrolment.job_title,
                "agreed_to_privacy_notice_at": _time(record.enrolment.consented_at),
                "waitlisted_at": _time(record.enrolment.waitlisted_at),
                "modules_done": [
                    {
                        "module": module(c.module_id),
                        "recorded_with": c.source,
                        "at": _time(c.completed_at),
                    }
                    for c in record.completions
                ],
                "reflections": [
                    {
                        "week": r.week,
                        "offered_at": _time(r.created_at),
                        "answer": r.text,
                        "shared_with_cohort": r.shared,
                        "answered_at": _time(r.answered_at),
                    }
                    for r in record.reflections
                ],
            }
            for record in enrolments
        ],
        "questions_you_asked": [
            {
                "reference": q.reference,
                "text": q.text,
                "module": module(q.module_id),
                "anonymous": q.anonymous,
                "answer_may_be_shared": q.may_publish,
                "status": q.status.value,
                "asked_at": _time(q.asked_at),
            }
            for q in held.questions
        ],
        "your_replies_about_questions": [
            {
                "question": f"Q-{p.question_id}",
                "where": p.side.value,
                "text": p.text,
                "at": _time(p.at),
            }
            for p in held.posts
        ],
        "poll_answers": [
            {
                "poll": v.poll,
                "slot_starts_at": _time(v.starts_at),
                "minutes": v.minutes,
                "answer": v.availability,
            }
            for v in held.votes
        ],
        "session_format_choices": [{"poll": v.poll, "choice": v.choice} for v in held.format_votes],
        "reflection_sessions": [
            {
                "poll": s.poll,
                "starts_at": _time(s.starts_at),
                "minutes": s.minutes,
                "format": s.format,
                "attended": s.attended,
                "rating": s.rating,
                "comment": s.comment,
            }
            for s in held.seats
        ],
        "messages_to_you": [
            {
                "message": d.key,
                "status": d.status.value,
                "queued_at": _time(d.queued_at),
                "last_changed_at": _time(d.changed_at),
            }
            for d in held.deliveries
        ],
        "champion_for": [
            {"cohort": c.cohort_id, "organisation": c.organisation_id} for c in held.champions
        ],
        "invitations": [
            {
                "email": i.email,
                "organisation": i.organisation_id,
                "seniority": i.seniority.value if i.seniority else None,
                "pace_weeks": i.pace,
                "outcome": i.outcome,
                "invited_at": _time(i.invited_at),
            }
            for i in held.invitations
        ],
        "audit_log": [
            {"action": a.action, "at": _time(a.at), "by_you": a.by_them} for a in held.audit
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _clock(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _weekday(value: int | None) -> str | None:
    return None if value is None else calendar.day_name[value]
