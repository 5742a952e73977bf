"""Build every service once, at start, and the registry that adapters hand requests to.

Adapters get only the registry; jobs get only the service they run; tests and the
command-line tools may reach any service through `Services`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.model import Curriculum
from bot.core.platforms import Platforms
from bot.core.ports import Charts, Clock, Directory, Sender, UnitOfWorkFactory
from bot.core.services.announcements import Announcements
from bot.core.services.choices import ChoicesService
from bot.core.services.claims import ClaimService
from bot.core.services.closed_cohorts import ClosedCohorts
from bot.core.services.cohort_closing import CohortClosing
from bot.core.services.context import ServiceContext
from bot.core.services.conversation import ConversationService
from bot.core.services.data_rights import DataRightsService
from bot.core.services.downloads import DEFAULT_DAYS, Downloads
from bot.core.services.enrolment import EnrolmentService
from bot.core.services.funnel import RecruitmentFunnel
from bot.core.services.insights import InsightService
from bot.core.services.joining import JoiningService
from bot.core.services.liveness import Liveness, new_process_id
from bot.core.services.moderation import ModerationService
from bot.core.services.outbox import Outbox
from bot.core.services.outreach import Outreach
from bot.core.services.placement import PlacementService
from bot.core.services.poll_closing import PollClosing
from bot.core.services.poll_reminders import PollReminders
from bot.core.services.poll_reports import PollReports
from bot.core.services.poll_votes import PollVoting
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.published_answers import PublishedAnswers
from bot.core.services.question_queue import QuestionQueue
from bot.core.services.question_reminders import QuestionReminders
from bot.core.services.question_threads import QuestionThreads
from bot.core.services.questions import QuestionService
from bot.core.services.reach import Reach
from bot.core.services.recruitment import RecruitmentService
from bot.core.services.relay import RelayService
from bot.core.services.reports import ReportService
from bot.core.services.rhythm import RhythmService
from bot.core.services.roles import RoleService
from bot.core.services.session_changes import SessionChanges
from bot.core.services.session_confirmation import SessionConfirmation
from bot.core.services.sessions import SessionService
from bot.core.services.setup import SetupService
from bot.core.timetable import Timetable
from bot.core.usecases.registry import Registry


@dataclass(frozen=True)
class Services:
    ctx: ServiceContext
    progress: ProgressService
    enrolment: EnrolmentService
    setup: SetupService
    registry: Registry
    conversation: ConversationService
    reach: Reach
    choices: ChoicesService
    rhythm: RhythmService
    reports: ReportService
    questions: QuestionService
    relay: RelayService
    moderation: ModerationService
    claims: ClaimService
    queue: QuestionQueue
    published: PublishedAnswers
    polls: PollService
    voting: PollVoting
    poll_reports: PollReports
    closing: PollClosing
    confirmation: SessionConfirmation
    session_changes: SessionChanges
    sessions: SessionService
    recruitment: RecruitmentService
    joining: JoiningService
    placement: PlacementService
    funnel: RecruitmentFunnel
    data_rights: DataRightsService
    downloads: Downloads
    cohort_closing: CohortClosing
    announcements: Announcements
    outreach: Outreach
    outbox: Outbox = field(repr=False)
    liveness: Liveness = field(repr=False)

    @property
    def curriculum(self) -> Curriculum:
        return self.ctx.curriculum


def build_services(
    uow: UnitOfWorkFactory,
    clock: Clock,
    curriculum: Curriculum,
    platforms: Platforms,
    directory: Directory,
    senders: Mapping[str, Sender],
    timetable: Timetable,
    outbox_workers: int = 32,
    question_reply_days: int = 1,
    charts: Charts | None = None,
    download_link_days: int = DEFAULT_DAYS,
) -> Services:
    ctx = ServiceContext(uow, clock, curriculum, platforms, timetable)
    process = new_process_id()
    progress = ProgressService(ctx)
    enrolment = EnrolmentService(ctx, directory)
    choices = ChoicesService(ctx)
    threads = QuestionThreads(ctx, directory)
    recruitment = RecruitmentService(ctx, directory)
    joining = JoiningService(ctx, directory)
    placement = PlacementService(ctx, directory)
    funnel = RecruitmentFunnel(ctx)
    roles = RoleService(ctx, directory, threads)
    questions = QuestionService(ctx, threads)
    moderation = ModerationService(ctx, threads)
    claims = ClaimService(ctx, threads)
    queue = QuestionQueue(ctx, threads)
    published = PublishedAnswers(ctx)
    reminders = QuestionReminders(ctx, question_reply_days)
    insights = InsightService(ctx, charts)
    reports = ReportService(ctx, reminders, insights)
    polls = PollService(ctx)
    voting = PollVoting(ctx)
    poll_reports = PollReports(ctx)
    poll_reminders = PollReminders(ctx)
    closing = PollClosing(ctx)
    confirmation = SessionConfirmation(ctx)
    session_changes = SessionChanges(ctx)
    sessions = SessionService(ctx)
    rhythm = RhythmService(ctx, reports, (reminders, poll_reminders, closing, sessions))
    data_rights = DataRightsService(ctx, threads)
    conversation = ConversationService(ctx)
    reach = Reach(ctx)
    relay = RelayService(ctx, threads)
    cohort_closing = CohortClosing(ctx, insights)
    announcements = Announcements(ctx)
    outreach = Outreach(ctx)
    outbox = Outbox(uow, clock, senders, process, outbox_workers)
    dependencies = {
        "progress": progress,
        "enrolment": enrolment,
        "choices": choices,
        "rhythm": rhythm,
        "reports": reports,
        "questions": questions,
        "relay": relay,
        "moderation": moderation,
        "claims": claims,
        "queue": queue,
        "published": published,
        "polls": polls,
        "voting": voting,
        "poll_reports": poll_reports,
        "closing": closing,
        "confirmation": confirmation,
        "session_changes": session_changes,
        "sessions": sessions,
        "recruitment": recruitment,
        "joining": joining,
        "placement": placement,
        "funnel": funnel,
        "data_rights": data_rights,
        "roles": roles,
        "conversation": conversation,
        "reach": reach,
        "cohort_closing": cohort_closing,
        "announcements": announcements,
        "outreach": outreach,
        "closed_cohorts": ClosedCohorts(ctx),
        "outbox": outbox,
    }
    return Services(
        ctx=ctx,
        progress=progress,
        enrolment=enrolment,
        choices=choices,
        rhythm=rhythm,
        reports=reports,
        questions=questions,
        relay=relay,
        moderation=moderation,
        claims=claims,
        queue=queue,
        published=published,
        polls=polls,
        voting=voting,
        poll_reports=poll_reports,
        closing=closing,
        confirmation=confirmation,
        session_changes=session_changes,
        sessions=sessions,
        recruitment=recruitment,
        joining=joining,
        placement=placement,
        funnel=funnel,
        data_rights=data_rights,
        downloads=Downloads(uow, clock, download_link_days),
        cohort_closing=cohort_closing,
        announcements=announcements,
        outreach=outreach,
        registry=Registry.build(ctx, dependencies),
        conversation=conversation,
        reach=reach,
        setup=SetupService(ctx),
        outbox=outbox,
        liveness=Liveness(uow, clock, process, ctx.outbox_ready),
    )
