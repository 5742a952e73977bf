"""Run a typed command: the one path from command text to a reply."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands import (
    AskQuestion,
    ChangeRole,
    CheckIn,
    ClosePoll,
    CommandError,
    EnrolLeader,
    ExportCohortProgress,
    ForgetMe,
    NameChampion,
    NudgeNow,
    OpenCheckInForm,
    OpenPollForm,
    OpenQuestionForm,
    Pause,
    PlaceLeader,
    PostSignUp,
    Resume,
    SearchAnswers,
    SetBehindReminders,
    SetNudgeTime,
    SetPace,
    ShowCohortProgress,
    ShowCohortQuestions,
    ShowCohortReport,
    ShowCohortStatus,
    ShowHelp,
    ShowMyData,
    ShowPlan,
    ShowPollMissing,
    ShowPollResults,
    ShowProgress,
    ShowRecruitment,
    ShowSessions,
    UndoCheckIn,
    WithdrawLeader,
    parse,
)
from bot.core.help_texts import help_text
from bot.core.messages import Context, Form, Message, Paragraph
from bot.core.model import Actor
from bot.core.services.choices import ChoicesService
from bot.core.services.data_rights import DataRightsService
from bot.core.services.enrolment import EnrolmentService
from bot.core.services.poll_closing import PollClosing
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.questions import QuestionService
from bot.core.services.recruitment import RecruitmentService
from bot.core.services.reports import ReportService
from bot.core.services.rhythm import RhythmService
from bot.core.services.roles import RoleService
from bot.core.services.sessions import SessionService


@dataclass(frozen=True)
class CommandRunner:
    progress: ProgressService
    enrolment: EnrolmentService
    choices: ChoicesService
    rhythm: RhythmService
    reports: ReportService
    questions: QuestionService
    polls: PollService
    closing: PollClosing
    sessions: SessionService
    data_rights: DataRightsService
    recruitment: RecruitmentService
    roles: RoleService

    async def run(self, actor: Actor, command: str, text: str, source: str) -> Message | Form:
        """Parse `text` for `command` and answer it; never raises on bad input.

        The answer is a Form when the command opens one (`/checkin` on its own).
        """
        ctx = self.progress.ctx
        parsed = parse(command, text, len(ctx.curriculum.modules), ctx.names)
        if command == "cohort" and not isinstance(parsed, ShowHelp):
            # Every /cohort command is checked here, before any service sees it.
            refused = await self.roles.check_command(actor, parsed, text)
            if refused is not None:
                return refused
        match parsed:
            case CommandError():
                return Message(
                    parsed.text,
                    (Paragraph(parsed.problem), Context(f"For example: {parsed.example}")),
                )
            case ShowHelp(command=topic):
                body = help_text(topic, ctx.names)
                return Message(body, (Paragraph(body),))
            case CheckIn(modules=modules):
                return await self.progress.check_in(actor, modules, source)
            case UndoCheckIn(modules=modules):
                return await self.progress.undo(actor, modules)
            case OpenCheckInForm():
                return await self.progress.checkin_form(actor)
            case ShowProgress():
                return await self.progress.progress(actor)
            case ShowCohortStatus():
                return await self.enrolment.status(actor, parsed)
            case EnrolLeader():
                return await self.enrolment.enrol(actor, parsed)
            case ShowCohortProgress():
                return await self.reports.progress(actor)
            case ExportCohortProgress():
                return await self.reports.export(actor)
            case ShowCohortReport():
                return await self.reports.report(actor)
            case (
                ShowPlan() | SetPace() | Pause() | Resume() | SetNudgeTime() | SetBehindReminders()
            ):
                return await self.choices.choose(actor, parsed)
            case ShowMyData():
                return await self.data_rights.my_data(actor)
            case ForgetMe():
                return await self.data_rights.forget_me_prompt(actor)
            case NudgeNow():
                return await self.rhythm.nudge_now(actor)
            case AskQuestion(text=question):
                return await self.questions.ask(actor, question)
            case OpenQuestionForm():
                return await self.questions.form(actor)
            case SearchAnswers(words=words):
                return await self.questions.search(actor, words)
            case ShowCohortQuestions():
                return await self.reports.questions(actor)
            case OpenPollForm():
                return await self.polls.form(actor)
            case ShowPollResults():
                return await self.polls.results(actor)
            case ShowPollMissing():
                return await self.polls.missing(actor)
            case ClosePoll():
                return await self.closing.close(actor)
            case ShowSessions():
                return await self.sessions.report(actor)
            case ShowRecruitment():
                return await self.recruitment.report(actor)
            case PostSignUp():
                return await self.recruitment.post_signup(actor, parsed)
            case NameChampion():
                return await self.recruitment.name_champion(actor, parsed)
            case PlaceLeader():
                return await self.recruitment.place(actor, parsed)
            case WithdrawLeader():
                return await self.recruitment.withdraw(actor, parsed)
            case ChangeRole():
                return await self.roles.change(actor, parsed)
