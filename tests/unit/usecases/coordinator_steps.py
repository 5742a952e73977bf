"""Steps the coordinators' verbs share in the use-case tests: pressing a button someone was
shown, sending a form, and reading what they were answered."""

from __future__ import annotations

from bot.core.messages import Actions, Answers, Button, Form, Message
from bot.core.model import Actor
from bot.core.platforms import CommandName
from bot.core.requests import CheckForm, PressButton, RunCommand, SubmitForm
from tests.unit.usecases.driver import PLATFORM, Course


def buttons(message: Message | Form | None) -> list[Button]:
    """Every button of a message, in order."""
    assert isinstance(message, Message), message
    return [b for block in message.blocks if isinstance(block, Actions) for b in block.buttons]


def button(message: Message | Form | None, action: str) -> Button:
    [found] = [b for b in buttons(message) if b.action == action]
    return found


async def run(course: Course, user: str, command: str, text: str) -> Message | Form:
    """Type a command; the answer, a message or a form."""
    actor = Actor(PLATFORM, user)
    words = tuple(text.split())
    answer = await course.handle(RunCommand(actor, CommandName(command), text, words))
    assert answer is not None
    return answer


async def press(course: Course, user: str, shown: Button) -> Message | Form:
    """Press a button the person was shown; the answer."""
    answer = await course.handle(PressButton(Actor(PLATFORM, user), shown.action, shown.value))
    assert answer is not None
    return answer


async def send_form(
    course: Course, user: str, form: Form, answers: Answers, submission: str
) -> dict[str, str]:
    """Check the form as a platform does first; send it if it has no problems."""
    actor = Actor(PLATFORM, user)
    problems = await course.services.registry.handle(CheckForm(actor, form.callback, answers))
    if not problems:
        await course.services.registry.handle(
            SubmitForm(actor, form.callback, form.state, answers, submission)
        )
    return problems


def private_answer(course: Course, key: str) -> Message:
    """A private answer that went as a direct message through the outbox, by its key."""
    return course.delivery(key).outgoing.message
