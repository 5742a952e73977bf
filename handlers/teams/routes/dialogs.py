"""Forms as Teams dialogs: `task/fetch` opens one, `task/submit` checks and sends it.

A dialog's submit button carries how it was opened (`opener`), so a form with problems
is shown again, with what was typed and each problem under its field.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.core.messages import (
    Answers,
    Checkboxes,
    DateInput,
    Form,
    Input,
    Message,
    RadioButtons,
    Select,
    TextInput,
    TimeInput,
)
from bot.core.platforms import CommandName, CommandNames
from bot.core.requests import CheckForm, PressButton, RunCommand, SubmitForm
from bot.core.usecases.registry import Registry
from handlers.teams import turns
from handlers.teams.render import answers, dialog

INPUTS = (Checkboxes, RadioButtons, Select, DateInput, TimeInput, TextInput)


def register(app: AgentApplication[TurnState], registry: Registry, names: CommandNames) -> None:
    @app.invoke("task/fetch")
    async def on_open(context: TurnContext, state: TurnState) -> None:
        """Open the form a button or a typed command asked for, or say why not."""
        opener = _data(context.activity)
        answer = await _ask_for_form(registry, context.activity, opener)
        await turns.answer_invoke(context, _shown(answer, opener))

    @app.invoke("task/submit")
    async def on_submit(context: TurnContext, state: TurnState) -> None:
        """Show the problems in the dialog; else close it and act on the form."""
        activity, data = context.activity, _data(context.activity)
        opener: dict[str, Any] = data.get("opener") or {}
        actor, form_id = turns.actor(activity), str(data.get("form") or "")
        answer = await _ask_for_form(registry, activity, opener)
        if not isinstance(answer, Form) or answer.callback != form_id:
            await turns.answer_invoke(context, _shown(answer, opener))
            return
        given = answers(data, inputs_of(answer))
        problems = await registry.handle(CheckForm(actor, form_id, given))
        if problems:
            await turns.answer_invoke(
                context, _shown(with_answers(answer, given), opener, problems)
            )
            return
        state_value = str(data.get("state") or "")
        await turns.answer_invoke(context, None)  # the dialog closes; what follows is a message
        await registry.handle(SubmitForm(actor, form_id, state_value, given, str(activity.id)))


async def _ask_for_form(
    registry: Registry, activity: Activity, opener: dict[str, Any]
) -> Form | Message | None:
    """The form again, asked for as it was first: by a button, or by a typed command."""
    actor = turns.actor(activity)
    if "command" in opener:
        text = str(opener.get("text") or "")
        command = CommandName(str(opener["command"]))
        return await registry.handle(RunCommand(actor, command, text, tuple(text.split())))
    press = PressButton(actor, str(opener.get("action") or ""), str(opener.get("value") or ""))
    return await registry.handle(press)


def _shown(
    answer: Form | Message | None,
    opener: dict[str, Any],
    problems: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The dialog for a form, or a message in its place."""
    if not isinstance(answer, Form):
        text = answer.text if answer is not None else "Done."
        return {"task": {"type": "message", "value": text}}
    shown: dict[str, Any] = dialog(answer, problems)
    for action in shown["card"]["content"].get("actions", []):
        if action.get("type") == "Action.Submit":
            action["data"] = {**action.get("data", {}), "opener": opener}
    return {"task": {"type": "continue", "value": shown}}


def _data(activity: Activity) -> dict[str, Any]:
    value = activity.value if isinstance(activity.value, dict) else {}
    data = value.get("data")
    return dict(data) if isinstance(data, dict) else {}


def inputs_of(form: Form) -> list[Input]:
    return [block for block in form.blocks if isinstance(block, INPUTS)]


def with_answers(form: Form, answers: Answers) -> Form:
    """The form with what was typed in it, so a second try starts from there."""

    def filled(block: Any) -> Any:
        given = answers.get(getattr(block, "id", ""), ())
        match block:
            case Checkboxes():
                return replace(block, chosen=tuple(given))
            case RadioButtons() | Select():
                return replace(block, chosen=given[0] if given else None)
            case DateInput() | TimeInput():
                return replace(block, initial=given[0] if given else None)
            case TextInput():
                return replace(block, initial=given[0] if given else None)
        return block

    return replace(form, blocks=tuple(filled(block) for block in form.blocks))
