"""Reading what :fill typed into a form, as a chat app would submit it.

A chat app submits every input, with what was chosen at the start where nobody changed
it, and offers only the form's own inputs and choices. So :fill starts from the form's
starting values, and refuses a field or a choice the form does not have, naming the
ones it has: a typo must never be dropped silently or sent as it is.
"""

from __future__ import annotations

from bot.core.messages import Answers, Checkboxes, Form, Input, RadioButtons, Select
from bot.core.wording import listed

NOTHING_SENT = "Nothing was sent."


def read_answers(form: Form, text: str) -> Answers | str:
    """The answers to submit: the form's starting values with the typed ones over them;
    or what is wrong with what was typed."""
    fields = {field.id: field for field in form.inputs}
    answers = {field.id: _starting(field) for field in form.inputs}
    for pair in filter(None, (p.strip() for p in text.split(";"))):
        key, _, value = (part.strip() for part in pair.partition("="))
        field = fields.get(key)
        if field is None:
            return f"This form has no field “{key}”. Its fields are {listed(list(fields))}. " + (
                NOTHING_SENT
            )
        chosen = _choices(field, value)
        if isinstance(chosen, str):
            return f"{chosen} {NOTHING_SENT}"
        answers[key] = chosen
    return {key: values for key, values in answers.items() if values}


def _starting(field: Input) -> tuple[str, ...]:
    match field:
        case Checkboxes(chosen=chosen):
            return chosen
        case RadioButtons(chosen=chosen) | Select(chosen=chosen):
            return (chosen,) if chosen else ()
        case _:
            return (field.initial,) if field.initial else ()


def _choices(field: Input, typed: str) -> tuple[str, ...] | str:
    """The typed text, or the choices it names (split at |) as the form spells them;
    or what is wrong with them."""
    if not isinstance(field, Checkboxes | RadioButtons | Select):
        return (typed,) if typed else ()
    values = [v.strip() for v in typed.split("|") if v.strip()]
    known = {choice.value.lower(): choice.value for choice in field.options}
    offered = listed([choice.value for choice in field.options])
    for value in values:
        if value.lower() not in known:
            return f"“{value}” is not one of the choices for {field.id}. Choose from {offered}."
    if len(values) > 1 and not isinstance(field, Checkboxes):
        return f"{field.id} takes one choice. Choose from {offered}."
    return tuple(known[value.lower()] for value in values)
