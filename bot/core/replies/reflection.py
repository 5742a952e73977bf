"""The reflection question a leader is offered after finishing a week of their plan."""

from __future__ import annotations

from bot.core.messages import (
    Actions,
    Button,
    Choice,
    Form,
    Message,
    Paragraph,
    RadioButtons,
    TextInput,
    plain,
)
from bot.core.reflection import QUESTION, Reflection

REFLECT = "reflection_open"
REFLECTION_FORM = "reflection_form"
ANSWER = "answer"
SHARE = "share"
PRIVATE = "private"
COHORT = "cohort"
MAX_ANSWER = 3000


def prompt_message(reflection: Reflection) -> Message:
    """Offer the question, once, with a button to answer it."""
    lead = f"You have finished the modules for week {reflection.week} of your plan. Well done."
    ask = f"{QUESTION} You can answer privately or share your answer with the cohort."
    reflect = Button("Reflect", REFLECT, str(reflection.id), "primary")
    return Message(f"{lead} {ask}", (Paragraph(lead), Paragraph(ask), Actions((reflect,))))


def reflection_form(reflection: Reflection) -> Form:
    """A few lines in answer to the question, and who may read them."""
    answer = TextInput(
        ANSWER,
        QUESTION,
        multiline=True,
        max_length=MAX_ANSWER,
        placeholder="For example, one thing you will try in the next month",
    )
    share = RadioButtons(
        SHARE,
        "Who can read it?",
        (
            Choice(PRIVATE, "Keep it private"),
            Choice(COHORT, "Share it in the cohort channel, with my name"),
        ),
        PRIVATE,
    )
    title = f"Reflect on week {reflection.week}"
    return Form(title, REFLECTION_FORM, "Save", (answer, share), QUESTION, str(reflection.id))


def shared_message(name: str, text: str) -> Message:
    """A leader's answer, as the cohort sees it."""
    lead = f"{name} shared a reflection. {QUESTION}"
    return Message(f"{name} shared a reflection: {text}", (Paragraph(lead), Paragraph(text)))


def saved_message(shared: bool, wanted_shared: bool) -> Message:
    if shared:
        text = "Thank you. I have shared your reflection in the cohort channel."
    elif wanted_shared:
        text = "Thank you. Your cohort has no channel yet, so I have kept your reflection private."
    else:
        text = "Thank you. I have kept your reflection private."
    return plain(text)


def empty_answer_message() -> Message:
    text = "Your answer was empty, so I have not kept it. Press Reflect to try again."
    return plain(text)


def already_answered_message(week: int) -> Message:
    text = f"You have already answered the question for week {week}. Thank you."
    return plain(text)


def unknown_question_message() -> Message:
    text = "I could not find that question. It may belong to someone else."
    return plain(text)
