"""The in-memory tables, each keyed as its SQL table's unique constraint is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.announcements import Announcement
from bot.core.downloads import Download
from bot.core.model import (
    AuditEntry,
    Champion,
    Cohort,
    Completion,
    Delivery,
    Enrolment,
    Invitation,
    Organisation,
    Person,
)
from bot.core.outgoing import Address, ConversationReference
from bot.core.polls import FormatVote, Poll, PollSlot, ReflectionSession, Seat, Vote
from bot.core.progress_report import ProgressSnapshot
from bot.core.questions import Post, Question
from bot.core.reflection import Reflection
from tests.fakes.core.tables import TableName


@dataclass(frozen=True)
class CompletionRow:
    id: int
    completion: Completion


@dataclass(frozen=True)
class DeliveryRow:
    delivery: Delivery
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AuditRow:
    id: int
    entry: AuditEntry
    at: datetime


@dataclass(frozen=True)
class VoteRow:
    id: int
    vote: Vote


@dataclass(frozen=True)
class FormatVoteRow:
    id: int
    vote: FormatVote


@dataclass(frozen=True)
class InvitationRow:
    id: int
    invitation: Invitation


COHORTS = TableName[int, Cohort]("cohorts")
ORGANISATIONS = TableName[tuple[int, str], Organisation]("organisations")
PEOPLE = TableName[int, Person]("people")
ENROLMENTS = TableName[int, Enrolment]("enrolments")
COMPLETIONS = TableName[tuple[int, str], CompletionRow]("completions")
PROCESSED_EVENTS = TableName[str, datetime]("processed_events")
PROCESSES = TableName[str, datetime]("bot_processes")  # heartbeat by process id
DELIVERIES = TableName[int, DeliveryRow]("deliveries")
AUDIT = TableName[int, AuditRow]("audit_log")
SNAPSHOTS = TableName[tuple[int, int], ProgressSnapshot]("progress_snapshots")
REFLECTIONS = TableName[int, Reflection]("reflections")
QUESTIONS = TableName[int, Question]("questions")
POSTS = TableName[int, Post]("question_posts")
SAVED_QUESTIONS = TableName[int, tuple[int, datetime]]("saved_questions")  # cohort, when
POLLS = TableName[int, Poll]("polls")
SLOTS = TableName[int, PollSlot]("poll_slots")
VOTES = TableName[tuple[int, int], VoteRow]("poll_votes")  # by slot, person
FORMAT_VOTES = TableName[tuple[int, int], FormatVoteRow]("poll_format_votes")  # poll, person
SESSIONS = TableName[int, ReflectionSession]("reflection_sessions")
SEATS = TableName[int, Seat]("session_seats")
CHAMPIONS = TableName[tuple[int, str], Champion]("champions")
CONVERSATION_REFERENCES = TableName[Address, ConversationReference]("conversation_references")
INVITATIONS = TableName[tuple[int, str], InvitationRow]("invitations")  # cohort, email
DOWNLOADS = TableName[str, Download]("downloads")  # by token
ANNOUNCEMENTS = TableName[int, Announcement]("announcements")
