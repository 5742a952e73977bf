"""The one way in for every platform: a neutral request goes to the use case registered
for its type, and the answer comes back as a neutral message, form or nothing.

Use cases name the services they use as parameters; the registry hands each one those
by name, once, when it is built. Here too the core picks a fallback where a platform
lacks something: a form's text where it has no forms, a direct message where it cannot
answer privately in a channel.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, overload

from bot.core.commands import HERE, RECRUIT_WHERE, CommandError, PostSignUp, ShowHelp, parse
from bot.core.help_texts import help_text
from bot.core.messages import Context, Form, Message, Paragraph, plain
from bot.core.platforms import CommandName
from bot.core.requests import (
    CheckForm,
    ConversationSeen,
    DirectMessage,
    Mentioned,
    MessageArrived,
    MessageEdited,
    OpenHome,
    PressButton,
    ReplyToQuestion,
    Request,
    RunCommand,
    SubmitForm,
    ThreadReply,
)
from bot.core.services.closed_cohorts import ClosedCohorts
from bot.core.services.context import ServiceContext
from bot.core.services.conversation import ConversationService
from bot.core.services.roles import RoleService
from bot.core.usecases import conversation, deliveries
from bot.core.usecases.buttons import BUTTON_HANDLERS
from bot.core.usecases.commands import COMMAND_HANDLERS
from bot.core.usecases.forms import FORM_CHECKS, FORM_HANDLERS, Problems

Answer = Message | Form
UseCase = Callable[..., Awaitable[Any]]

EVENT_HANDLERS: dict[type[Any], UseCase] = {
    DirectMessage: conversation.draft_question,
    ThreadReply: conversation.carry_reply,
    ReplyToQuestion: conversation.reply_to_question,
    MessageEdited: conversation.carry_edit,
    Mentioned: conversation.answer_mention,
    OpenHome: conversation.show_home,
    ConversationSeen: conversation.remember_conversation,
    MessageArrived: deliveries.record_arrival,
}


def inject(use_case: UseCase, dependencies: Mapping[str, object]) -> UseCase:
    """The use case with the dependencies it names already given; the rest are the
    request's, passed by position."""
    named = inspect.signature(use_case).parameters
    given = {name: dependency for name, dependency in dependencies.items() if name in named}

    async def run(*request: Any) -> Any:
        return await use_case(*request, **given)

    return run


@dataclass(frozen=True)
class Registry:
    ctx: ServiceContext
    roles: RoleService
    conversation: ConversationService
    closed: ClosedCohorts
    commands: Mapping[type[Any], UseCase]
    buttons: Mapping[str, UseCase]
    checks: Mapping[str, UseCase]
    forms: Mapping[str, UseCase]
    events: Mapping[type[Any], UseCase]

    @classmethod
    def build(cls, ctx: ServiceContext, dependencies: Mapping[str, object]) -> Registry:
        """Every use case, registered by type, with the services it names."""
        roles, talk = dependencies["roles"], dependencies["conversation"]
        assert isinstance(roles, RoleService) and isinstance(talk, ConversationService)
        closed = dependencies["closed_cohorts"]
        assert isinstance(closed, ClosedCohorts)

        def wire(table: Mapping[Any, UseCase]) -> dict[Any, UseCase]:
            return {key: inject(use_case, dependencies) for key, use_case in table.items()}

        return cls(
            ctx,
            roles,
            talk,
            closed,
            wire(COMMAND_HANDLERS),
            wire(BUTTON_HANDLERS),
            wire(FORM_CHECKS),
            wire(FORM_HANDLERS),
            wire(EVENT_HANDLERS),
        )

    @overload
    async def handle(self, request: RunCommand | PressButton) -> Answer | None: ...
    @overload
    async def handle(self, request: CheckForm) -> Problems: ...
    @overload
    async def handle(self, request: ReplyToQuestion) -> Message: ...
    @overload
    async def handle(
        self,
        request: SubmitForm
        | DirectMessage
        | ThreadReply
        | MessageEdited
        | Mentioned
        | OpenHome
        | ConversationSeen
        | MessageArrived,
    ) -> None: ...

    async def handle(self, request: Request) -> Answer | Problems | None:
        """Run the use case for the request; never raises on bad input from a person."""
        match request:
            case RunCommand():
                return await self._answer(request, await self._run(request))
            case PressButton():
                return await self._answer(request, await self._press(request))
            case CheckForm():
                check = self.checks.get(request.form)
                return await check(request.actor, request.answers) if check else {}
            case SubmitForm():
                await self._submit(request)
                return None
            case _:
                answer: Answer | None = await self.events[type(request)](request)
                return answer

    async def _run(self, request: RunCommand) -> Answer:
        names = self.ctx.names_for(request.actor.platform)
        modules = len(self.ctx.curriculum.modules)
        parsed = parse(request.command, request.text, request.words, modules, names)
        if request.command is CommandName.COHORT and not isinstance(parsed, ShowHelp):
            # Every cohort command is checked here, before any service sees it.
            refused = await self.roles.check_command(request.actor, parsed, request.text)
            if refused is not None:
                return refused
        if isinstance(parsed, PostSignUp) and parsed.channel == HERE:
            # "recruit" on its own posts where it was typed, if that is a channel.
            parsed = (
                PostSignUp(request.in_channel)
                if request.in_channel
                else CommandError(RECRUIT_WHERE, f"{names.cohort} recruit #general")
            )
        if isinstance(parsed, CommandError):
            return Message(
                parsed.text, (Paragraph(parsed.problem), Context(f"For example: {parsed.example}"))
            )
        if isinstance(parsed, ShowHelp) and parsed.command is CommandName.COHORT:
            return await self.roles.cohort_help(request.actor)
        if isinstance(parsed, ShowHelp):
            return plain(help_text(parsed.command, names))
        use_case = self.commands[type(parsed)]
        role = self.closed.command_role(parsed)
        answer: Answer = await self.closed.guard(
            request.actor, role, lambda: use_case(parsed, request.actor)
        )
        return answer

    async def _press(self, request: PressButton) -> Answer:
        # Coordinators' and moderators' buttons are checked here, before any service.
        refused = await self.roles.check_button(request.actor, request.action, request.value)
        if refused is not None:
            return refused
        use_case = self.buttons.get(request.action)
        if use_case is None:
            progress = self.ctx.names_for(request.actor.platform).progress
            return plain(
                f"That button no longer does anything. Type {progress} to see where you are."
            )
        role = self.closed.button_role(request.action)
        answer: Answer = await self.closed.guard(
            request.actor, role, lambda: use_case(request.actor, request.value)
        )
        return answer

    async def _submit(self, request: SubmitForm) -> None:
        if not await self.roles.may_submit(request.actor, request.form):
            return  # a coordinator's form from someone else: refused and logged
        use_case = self.forms.get(request.form)
        if use_case is None:
            return
        role = self.closed.form_role(request.form)
        closed = await self.closed.guard(request.actor, role, lambda: use_case(request))
        if isinstance(closed, Message):
            key = f"closed:{request.submission_id}"
            await self.conversation.send_privately(request.actor, key, closed)

    async def _answer(self, request: RunCommand | PressButton, answer: Answer) -> Answer | None:
        """The answer, in a form the person's platform can show them: None when it went
        as a direct message instead."""
        actor, can = request.actor, self.ctx.can(request.actor.platform)
        if isinstance(answer, Form) and not can.forms:
            answer = plain(answer.text)
        in_public = request.in_channel is not None and not can.private_replies
        if isinstance(answer, Message) and (in_public or not request.answer_in_place):
            key = f"answer:{request.request_id or uuid.uuid4().hex}"
            await self.conversation.send_privately(actor, key, answer)
            return None
        return answer
