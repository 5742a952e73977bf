"""Neutral forms to Slack modals, and a submitted modal back to neutral answers."""

import pytest
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

from bot.core.messages import (
    Checkboxes,
    Choice,
    Form,
    Paragraph,
    RadioButtons,
    Select,
    TextInput,
)
from handlers.slack.modal import modal_view
from handlers.slack.views.answers import form_answers
from tests.fakes.block_check import check_call
from tests.over_long import LONG, cut_between_words, over_long_form


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


def test_an_over_long_form_keeps_every_limit_slack_has_for_a_modal() -> None:
    view = modal_view(over_long_form())
    assert check_call("views.open", {"view": view}) == []
    assert cut_between_words(view["title"]["text"], LONG)
    [box] = [b["element"] for b in view["blocks"] if b.get("block_id") == "text"]
    assert box["max_length"] == 3000 and len(box["initial_value"]) <= 3000
    assert cut_between_words(box["initial_value"], LONG)


def test_text_to_edit_starts_no_longer_than_its_box_takes() -> None:
    note = "Hello there, see you at the session on Monday."
    form = Form("Note", "n", "Send", (TextInput("note", "Note", max_length=20, initial=note),), "t")
    [block] = modal_view(form)["blocks"]
    assert block["element"]["initial_value"] == "Hello there, see…"


def test_tick_boxes_beyond_what_one_block_shows_go_on_in_more_and_answer_together() -> None:
    modules = tuple(Choice(f"m{i}", f"Module {i}") for i in range(1, 24))
    boxes = Checkboxes("unit-1", "Unit 1", modules, chosen=("m12",), optional=False)
    blocks = modal_view(Form("Check in", "checkin_form", "Save", (boxes,), "t"))["blocks"]
    assert [b["block_id"] for b in blocks] == ["unit-1", "unit-1~2", "unit-1~3"]
    assert [b["label"]["text"] for b in blocks] == ["Unit 1", *["Unit 1 (continued)"] * 2]
    assert [len(b["element"]["options"]) for b in blocks] == [10, 10, 3]
    assert {b["element"]["action_id"] for b in blocks} == {"unit-1"}
    assert all(b["optional"] for b in blocks)  # a required tick may be in any of them
    assert [o["value"] for o in blocks[1]["element"]["initial_options"]] == ["m12"]

    ticked = {"m2": "unit-1", "m12": "unit-1~2", "m23": "unit-1~3"}
    values = {
        block_id: {"unit-1": {"type": "checkboxes", "selected_options": [{"value": value}]}}
        for value, block_id in ticked.items()
    }
    assert form_answers({"state": {"values": values}}) == {"unit-1": ("m2", "m12", "m23")}


def test_an_id_or_value_too_long_for_slack_is_refused_rather_than_cut() -> None:
    def modal(*blocks: TextInput | Select, state: str = "") -> None:
        modal_view(Form("Title", "callback", "Save", blocks, "t", state=state))

    with pytest.raises(ValueError, match="an input's id"):
        modal(TextInput("i" * 256, "Label"))
    with pytest.raises(ValueError, match="an option's value"):
        modal(Select("pick", "Pick", (Choice("v" * 151, "Too long"),)))
    with pytest.raises(ValueError, match="a form's state"):
        modal(TextInput("note", "Note"), state="s" * 3001)
