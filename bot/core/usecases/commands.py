"""The use case for each typed command, registered by the command's type.

Each function names only what it uses; the registry hands it those by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.core import commands as c
from bot.core.messages import Form, Message
from bot.core.model import Actor
from bot.core.services.announcements import Announcements
from bot.core.services.choices import ChoicesService
from bot.core.services.claims import ClaimService
from bot.core.services.cohort_closing import CohortClosing
from bot.core.services.data_rights import DataRightsService
from bot.core.services.enrolment import EnrolmentService
from bot.core.services.funnel import RecruitmentFunnel
from bot.core.services.placement import PlacementService
from bot.core.services.poll_closing import PollClosing
from bot.core.services.poll_reports import PollReports
from bot.core.services.polls import PollService
from bot.core.services.progress import ProgressService
from bot.core.services.published_answers import PublishedAnswers
from bot.core.services.question_queue import QuestionQueue
from bot.core.services.questions import QuestionService
from bot.core.services.recruitment import RecruitmentService
from bot.core.services.reports import ReportService
from bot.core.services.rhythm import RhythmService
from bot.core.services.roles import RoleService
from bot.core.services.sessions import SessionService

Answer = Message | Form


async def check_in(command: c.CheckIn, actor: Actor, progress: ProgressService) -> Answer:
    """Record modules as done."""
    return await progress.check_in(actor, command.modules, "command")


async def undo_check_in(command: c.UndoCheckIn, actor: Actor, progress: ProgressService) -> Answer:
    """Record modules as not done after all."""
    return await progress.undo(actor, command.modules)


async def open_checkin_form(
    command: c.OpenCheckInForm, actor: Actor, progress: ProgressService
) -> Answer:
    """Every module with a tick box."""
    return await progress.checkin_form(actor)


async def show_progress(command: c.ShowProgress, actor: Actor, progress: ProgressService) -> Answer:
    """The leader's progress and this week's plan."""
    return await progress.progress(actor)


async def choose(command: c.LeaderChoice, actor: Actor, choices: ChoicesService) -> Answer:
    """A leader's plan, pace, pause or reminder choice."""
    return await choices.choose(actor, command)


async def show_my_data(
    command: c.ShowMyData, actor: Actor, data_rights: DataRightsService
) -> Answer:
    """Send the leader a file of what is held about them."""
    return await data_rights.my_data(actor)


async def ask_to_forget(
    command: c.ForgetMe, actor: Actor, data_rights: DataRightsService
) -> Answer:
    """Ask the leader to confirm before erasing their data."""
    return await data_rights.forget_me_prompt(actor)


async def ask_question(command: c.AskQuestion, actor: Actor, questions: QuestionService) -> Answer:
    """Send a question to the moderators."""
    return await questions.ask(actor, command.text)


async def open_question_form(
    command: c.OpenQuestionForm, actor: Actor, questions: QuestionService
) -> Answer:
    """The form to ask a question."""
    return await questions.form(actor)


async def search_answers(
    command: c.SearchAnswers, actor: Actor, published: PublishedAnswers
) -> Answer:
    """Published answers that share words with the search."""
    return await published.search(actor, command.words)


async def show_cohort_status(
    command: c.ShowCohortStatus, actor: Actor, enrolment: EnrolmentService
) -> Answer:
    """Who is enrolled, and overall completion."""
    return await enrolment.status(actor, command)


async def enrol_leader(command: c.EnrolLeader, actor: Actor, enrolment: EnrolmentService) -> Answer:
    """A coordinator enrols a leader."""
    return await enrolment.enrol(actor, command)


async def show_cohort_progress(
    command: c.ShowCohortProgress, actor: Actor, reports: ReportService
) -> Answer:
    """Completion by organisation, seniority and pace."""
    return await reports.progress(actor)


async def export_cohort_progress(
    command: c.ExportCohortProgress, actor: Actor, reports: ReportService
) -> Answer:
    """The same figures as a file."""
    return await reports.export(actor)


async def show_cohort_report(
    command: c.ShowCohortReport, actor: Actor, reports: ReportService
) -> Answer:
    """Findings on the proposal's open questions."""
    return await reports.report(actor)


async def show_cohort_questions(
    command: c.ShowCohortQuestions, actor: Actor, queue: QuestionQueue
) -> Answer:
    """The questions waiting for an answer; for coordinators, with the figures."""
    return await queue.show(actor)


async def unclaim_question(
    command: c.UnclaimQuestion, actor: Actor, claims: ClaimService
) -> Answer:
    """Let go of a question one holds."""
    return await claims.unclaim(actor, command.reference)


async def reassign_question(
    command: c.ReassignQuestion, actor: Actor, claims: ClaimService
) -> Answer:
    """Give a question to another moderator, or take it over."""
    return await claims.reassign(actor, command.reference, command.who)


async def nudge_now(command: c.NudgeNow, actor: Actor, rhythm: RhythmService) -> Answer:
    """Send this week's message to leaders who have not had it."""
    return await rhythm.nudge_now(actor)


async def open_poll_form(command: c.OpenPollForm, actor: Actor, polls: PollService) -> Answer:
    """The form to start a poll for session times."""
    return await polls.form(actor)


async def show_poll_results(
    command: c.ShowPollResults, actor: Actor, poll_reports: PollReports
) -> Answer:
    """Who answered what in a poll."""
    return await poll_reports.results(actor, command.poll)


async def show_poll_missing(
    command: c.ShowPollMissing, actor: Actor, poll_reports: PollReports
) -> Answer:
    """Leaders who have not answered a poll."""
    return await poll_reports.missing(actor, command.poll)


async def close_poll(command: c.ClosePoll, actor: Actor, closing: PollClosing) -> Answer:
    """Close a poll and propose sessions."""
    return await closing.close(actor, command.poll)


async def show_sessions(command: c.ShowSessions, actor: Actor, sessions: SessionService) -> Answer:
    """A poll's sessions, who is in each, attendance and feedback."""
    return await sessions.report(actor, command.poll)


async def show_recruitment(
    command: c.ShowRecruitment, actor: Actor, funnel: RecruitmentFunnel
) -> Answer:
    """The recruitment funnel per organisation."""
    return await funnel.report(actor)


async def post_sign_up(
    command: c.PostSignUp, actor: Actor, recruitment: RecruitmentService
) -> Answer:
    """Post the sign-up message in a channel."""
    return await recruitment.post_signup(actor, command)


async def name_champion(
    command: c.NameChampion, actor: Actor, recruitment: RecruitmentService
) -> Answer:
    """Name an organisation's champion."""
    return await recruitment.name_champion(actor, command)


async def place_leader(command: c.PlaceLeader, actor: Actor, placement: PlacementService) -> Answer:
    """Give a leader a seat."""
    return await placement.place(actor, command)


async def withdraw_leader(
    command: c.WithdrawLeader, actor: Actor, placement: PlacementService
) -> Answer:
    """Withdraw a leader; the first waiting takes the seat."""
    return await placement.withdraw(actor, command)


async def change_role(command: c.ChangeRole, actor: Actor, roles: RoleService) -> Answer:
    """Give or take the coordinator or moderator role."""
    return await roles.change(actor, command)


async def close_cohort(
    command: c.CloseCohort, actor: Actor, cohort_closing: CohortClosing
) -> Answer:
    """Say what closing does, with buttons to confirm."""
    return await cohort_closing.prompt(actor)


async def open_announcement_form(
    command: c.OpenAnnouncementForm, actor: Actor, announcements: Announcements
) -> Answer:
    """The form to write an announcement."""
    return await announcements.form(actor, command.text)


Handler = Callable[..., Awaitable[Answer]]

COMMAND_HANDLERS: dict[type[Any], Handler] = {
    c.CheckIn: check_in,
    c.UndoCheckIn: undo_check_in,
    c.OpenCheckInForm: open_checkin_form,
    c.ShowProgress: show_progress,
    c.ShowPlan: choose,
    c.SetPace: choose,
    c.Pause: choose,
    c.Resume: choose,
    c.SetNudgeTime: choose,
    c.SetBehindReminders: choose,
    c.ShowMyData: show_my_data,
    c.ForgetMe: ask_to_forget,
    c.AskQuestion: ask_question,
    c.OpenQuestionForm: open_question_form,
    c.SearchAnswers: search_answers,
    c.ShowCohortStatus: show_cohort_status,
    c.EnrolLeader: enrol_leader,
    c.ShowCohortProgress: show_cohort_progress,
    c.ExportCohortProgress: export_cohort_progress,
    c.ShowCohortReport: show_cohort_report,
    c.ShowCohortQuestions: show_cohort_questions,
    c.UnclaimQuestion: unclaim_question,
    c.ReassignQuestion: reassign_question,
    c.NudgeNow: nudge_now,
    c.OpenPollForm: open_poll_form,
    c.ShowPollResults: show_poll_results,
    c.ShowPollMissing: show_poll_missing,
    c.ClosePoll: close_poll,
    c.ShowSessions: show_sessions,
    c.ShowRecruitment: show_recruitment,
    c.PostSignUp: post_sign_up,
    c.NameChampion: name_champion,
    c.PlaceLeader: place_leader,
    c.WithdrawLeader: withdraw_leader,
    c.ChangeRole: change_role,
    c.CloseCohort: close_cohort,
    c.OpenAnnouncementForm: open_announcement_form,
}
