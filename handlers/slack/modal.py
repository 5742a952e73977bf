"""Neutral forms to Slack modals, within Slack's limits whatever the form holds."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core import messages as m
from bot.core.wording import shorten
from handlers.slack.fit import checked
from handlers.slack.render import ID_LIMIT, VIEW_BLOCK_LIMIT, render_block

VIEW_TITLE_LIMIT = 24  # the title, and the submit and close buttons
METADATA_LIMIT = 3000
INPUT_LABEL_LIMIT = 2000
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
OPTION_COUNT_LIMIT = 10  # for checkboxes and radio buttons
SELECT_OPTION_LIMIT = 100
PLACEHOLDER_LIMIT = 150
TEXT_INPUT_LIMIT = 3000  # the most a plain-text input's max_length may be
CONTINUED = " (continued)"


def modal_view(form: m.Form) -> dict[str, object]:
    """A modal for views.open; its inputs come back under their ids (block and action)."""
    blocks = [b for block in form.blocks for b in _form_block(block)][:VIEW_BLOCK_LIMIT]
    view = View(
        type="modal",
        callback_id=checked(form.callback, ID_LIMIT, "a form's callback"),
        title=PlainTextObject(text=shorten(form.title, VIEW_TITLE_LIMIT)),
        submit=PlainTextObject(text=shorten(form.submit, VIEW_TITLE_LIMIT)),
        close=PlainTextObject(text=shorten(form.close, VIEW_TITLE_LIMIT)),
        private_metadata=checked(form.state, METADATA_LIMIT, "a form's state") or None,
        blocks=blocks,
    )
    result: dict[str, object] = view.to_dict()
    return result


def _form_block(block: m.Block | m.Input) -> list[Block]:
    if isinstance(block, m.Checkboxes):
        return list(_checkbox_blocks(block))
    if isinstance(block, m.Input):
        optional = None if isinstance(block, m.RadioButtons) else block.optional
        return [_input_block(block.id, block.label, _element(block), optional)]
    return render_block(block)


def _input_block(
    block_id: str, label: str, element: InputInteractiveElement, optional: bool | None
) -> InputBlock:
    return InputBlock(
        block_id=checked(block_id, ID_LIMIT, "an input's id"),
        label=PlainTextObject(text=shorten(label, INPUT_LABEL_LIMIT)),
        element=element,
        optional=optional,
    )


def _checkbox_blocks(field: m.Checkboxes) -> list[InputBlock]:
    """Tick boxes, in as many blocks as Slack needs to show them all (it shows 10 in one).
    Every block answers under the input's id as its action id, so the answers come back
    together; the first block has the input's id, where a problem with it is shown. Split,
    each block is optional, as a required tick may be in any: the core checks it."""
    options, size = field.options, OPTION_COUNT_LIMIT
    parts = [options[i : i + size] for i in range(0, max(len(options), 1), size)]
    optional = field.optional or len(parts) > 1
    blocks = []
    for n, part in enumerate(parts, 1):
        element = CheckboxesElement(
            action_id=field.id,
            options=[_option(c) for c in part],
            initial_options=[_option(c) for c in part if c.value in field.chosen] or None,
        )
        block_id, label = field.id, field.label
        if n > 1:
            block_id = f"{field.id}~{n}"
            label = shorten(label, INPUT_LABEL_LIMIT - len(CONTINUED)) + CONTINUED
        blocks.append(_input_block(block_id, label, element, optional))
    return blocks


def _element(
    field: m.RadioButtons | m.Select | m.DateInput | m.TimeInput | m.TextInput,
) -> InputInteractiveElement:
    match field:
        case m.RadioButtons(options=options, chosen=chosen):
            shown = options[:OPTION_COUNT_LIMIT]
            return RadioButtonsElement(
                action_id=field.id,
                options=[_option(c) for c in shown],
                initial_option=_chosen(shown, chosen),
            )
        case m.Select(options=options, chosen=chosen):
            listed = options[:SELECT_OPTION_LIMIT]
            return StaticSelectElement(
                action_id=field.id,
                options=[_option(c) for c in listed],
                initial_option=_chosen(listed, chosen),
                placeholder=shorten(field.placeholder, PLACEHOLDER_LIMIT) or None,
            )
        case m.DateInput(initial=initial):
            return DatePickerElement(action_id=field.id, initial_date=initial)
        case m.TimeInput(initial=initial):
            return TimePickerElement(action_id=field.id, initial_time=initial)
        case m.TextInput(initial=initial):
            longest = min(field.max_length, TEXT_INPUT_LIMIT)
            return PlainTextInputElement(
                action_id=field.id,
                multiline=field.multiline or None,
                max_length=longest,
                placeholder=shorten(field.placeholder, PLACEHOLDER_LIMIT) or None,
                # Text to edit starts no longer than the box takes.
                initial_value=shorten(initial, longest) if initial else None,
            )


def _chosen(options: Sequence[m.Choice], chosen: str | None) -> Option | None:
    return next((_option(c) for c in options if c.value == chosen), None)


def _option(choice: m.Choice) -> Option:
    return Option(
        value=checked(choice.value, OPTION_VALUE_LIMIT, "an option's value"),
        text=PlainTextObject(text=shorten(choice.label, OPTION_TEXT_LIMIT)),
    )
