"""Neutral forms to Slack modals, and a submitted modal back to neutral answers."""

from slack_sdk.models.blocks import (
    CheckboxesElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.messages import Checkboxes, Choice, Form, Paragraph, RadioButtons, TextInput
from handlers.slack.render import modal_view
from handlers.slack.views.answers import form_answers


def option(value: str, text: str) -> Option:
    return Option(value=value, text=PlainTextObject(text=text))


def test_a_form_becomes_a_modal_with_one_input_block_per_input() -> None:
    form = Form(
        "Your modules",
        "checkin_form",
        "Save",
        (
            Paragraph("Tick <each> module."),
            Checkboxes("unit-1-1", "Basics", (Choice("a", "1. A"), Choice("b", "2. B")), ("b",)),
            RadioButtons("share", "Who?", (Choice("me", "Me"), Choice("all", "All")), "me"),
            TextInput("answer", "Why?", multiline=True, max_length=500, placeholder="Say"),
            TextInput("place", "Where?", optional=True, initial="Room 4"),
        ),
        "Use /checkin 3",
        "42",
    )
    expected = View(
        type="modal",
        callback_id="checkin_form",
        title=PlainTextObject(text="Your modules"),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        private_metadata="42",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text="Tick &lt;each&gt; module.")),
            InputBlock(
                block_id="unit-1-1",
                label=PlainTextObject(text="Basics"),
                optional=True,
                element=CheckboxesElement(
                    action_id="unit-1-1",
                    options=[option("a", "1. A"), option("b", "2. B")],
                    initial_options=[option("b", "2. B")],
                ),
            ),
            InputBlock(
                block_id="share",
                label=PlainTextObject(text="Who?"),
                element=RadioButtonsElement(
                    action_id="share",
                    options=[option("me", "Me"), option("all", "All")],
                    initial_option=option("me", "Me"),
                ),
            ),
            InputBlock(
                block_id="answer",
                label=PlainTextObject(text="Why?"),
                optional=False,
                element=PlainTextInputElement(
                    action_id="answer", multiline=True, max_length=500, placeholder="Say"
                ),
            ),
            InputBlock(
                block_id="place",
                label=PlainTextObject(text="Where?"),
                optional=True,
                # What the form holds already shows, as the text to change.
                element=PlainTextInputElement(
                    action_id="place", max_length=3000, initial_value="Room 4"
                ),
            ),
        ],
    )
    assert modal_view(form) == expected.to_dict()


def test_a_modal_keeps_within_slacks_limits_for_titles_options_and_blocks() -> None:
    many = tuple(Choice(f"m{i}", "x" * 100) for i in range(12))
    boxes = tuple(Checkboxes(f"g{i}", "Unit", many, ("m0", "m11")) for i in range(120))
    view = modal_view(Form("A title far longer than Slack allows", "c", "Save", boxes, "t"))
    assert len(view["title"]["text"]) == 24
    assert len(view["blocks"]) == 100
    element = view["blocks"][0]["element"]
    assert len(element["options"]) == 10
    assert len(element["options"][0]["text"]["text"]) == 75
    assert [o["value"] for o in element["initial_options"]] == ["m0"]
    assert "private_metadata" not in view


def test_a_submitted_modal_gives_each_inputs_values_by_its_id() -> None:
    view = {
        "state": {
            "values": {
                "unit-1-1": {
                    "unit-1-1": {
                        "type": "checkboxes",
                        "selected_options": [{"value": "a", "text": {}}, {"value": "b"}],
                    }
                },
                "unit-2-1": {"unit-2-1": {"type": "checkboxes", "selected_options": []}},
                "share": {"share": {"type": "radio_buttons", "selected_option": {"value": "me"}}},
                "answer": {"answer": {"type": "plain_text_input", "value": "Because"}},
                "other": {"other": {"type": "plain_text_input", "value": None}},
            }
        }
    }
    assert form_answers(view) == {
        "unit-1-1": ("a", "b"),
        "unit-2-1": (),
        "share": ("me",),
        "answer": ("Because",),
        "other": (),
    }


def test_text_already_in_a_form_is_shown_in_its_box_ready_to_edit() -> None:
    form = Form("Note", "note_form", "Send", (TextInput("note", "Your note", initial="Hi"),), "t")
    [block] = modal_view(form)["blocks"]
    assert block["element"]["initial_value"] == "Hi"
