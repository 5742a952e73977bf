"""Every service the handlers and jobs may call, built once at start."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.commands import CommandNames
from bot.core.model import Curriculum
from bot.core.ports import Charts, Clock, Directory, Sender, UnitOfWorkFactory
from bot.core.services.buttons import ButtonService
from bot.core.services.choices import ChoicesService
from bot.core.services.commands import CommandRunner
from bot.core.services.context import ServiceContext
from bot.core.services.conversation import ConversationService
from bot.core.services.data_rights import DataRightsService
from bot.core.services.enrolment import EnrolmentService
from bot.core.services.forms import FormService
from bot.core.services.insights import InsightService
from bot.core.services.moderation import ModerationService
from bot.core.services.outbox import Outbox
from bot.core.services.poll_closing import PollClosing
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.question_reminders import QuestionReminders
from bot.core.services.question_threads import QuestionThreads
from bot.core.services.questions import QuestionService
from bot.core.services.recruitment import RecruitmentService
from bot.core.services.relay import RelayService
from bot.core.services.reports import ReportService
from bot.core.services.rhythm import RhythmService
from bot.core.services.roles import RoleService
from bot.core.services.sessions import SessionService
from bot.core.services.setup import SetupService
from bot.core.timetable import Timetable


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    progress: ProgressService
    enrolment: EnrolmentService
    setup: SetupService
    commands: CommandRunner
    conversation: ConversationService
    choices: ChoicesService
    rhythm: RhythmService
    buttons: ButtonService
    reports: ReportService
    questions: QuestionService
    relay: RelayService
    moderation: ModerationService
    polls: PollService
    closing: PollClosing
    sessions: SessionService
    forms: FormService
    recruitment: RecruitmentService
    data_rights: DataRightsService
    outbox: Outbox = field(repr=False)

    @property
    def names(self) -> CommandNames:
        return self.ctx.names

    @property
    def curriculum(self) -> Curriculum:
        return self.ctx.curriculum


def build_services(
    uow: UnitOfWorkFactory,
    clock: Clock,
    curriculum: Curriculum,
    names: CommandNames,
    directory: Directory,
    senders: Mapping[str, Sender],
    timetable: Timetable,
    outbox_workers: int = 8,
    question_reply_days: int = 1,
    charts: Charts | None = None,
) -> Services:
    ctx = ServiceContext(uow, clock, curriculum, names, timetable)
    progress = ProgressService(ctx)
    enrolment = EnrolmentService(ctx, directory)
    choices = ChoicesService(ctx)
    threads = QuestionThreads(ctx, directory)
    recruitment = RecruitmentService(ctx, directory)
    roles = RoleService(ctx, directory, threads)
    questions = QuestionService(ctx, threads)
    moderation = ModerationService(ctx, threads)
    reminders = QuestionReminders(ctx, question_reply_days)
    reports = ReportService(ctx, reminders, InsightService(ctx, charts))
    polls = PollService(ctx)
    closing = PollClosing(ctx)
    sessions = SessionService(ctx)
    rhythm = RhythmService(ctx, reports, (reminders, polls, closing, sessions))
    data_rights = DataRightsService(ctx, threads)
    return Services(
        ctx=ctx,
        progress=progress,
        enrolment=enrolment,
        choices=choices,
        rhythm=rhythm,
        buttons=ButtonService(
            progress,
            choices,
            questions,
            moderation,
            polls,
            closing,
            sessions,
            data_rights=data_rights,
            recruitment=recruitment,
            roles=roles,
        ),
        reports=reports,
        questions=questions,
        relay=RelayService(ctx, threads),
        moderation=moderation,
        polls=polls,
        closing=closing,
        sessions=sessions,
        forms=FormService(
            progress, questions, polls, closing, sessions, recruitment=recruitment, roles=roles
        ),
        recruitment=recruitment,
        data_rights=data_rights,
        commands=CommandRunner(
            progress,
            enrolment,
            choices,
            rhythm,
            reports,
            questions,
            polls,
            closing,
            sessions,
            data_rights=data_rights,
            recruitment=recruitment,
            roles=roles,
        ),
        conversation=ConversationService(ctx),
        setup=SetupService(ctx),
        outbox=Outbox(uow, clock, senders, outbox_workers),
    )
