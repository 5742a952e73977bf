"""Neutral messages and forms as Adaptive Cards for Teams, checked by equality."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.core.messages import (
    Actions,
    Button,
    Checkboxes,
    Choice,
    Context,
    DateInput,
    Divider,
    Fields,
    Form,
    Heading,
    Item,
    Message,
    Paragraph,
    ProgressBar,
    Quote,
    RadioButtons,
    Select,
    TextInput,
    TimeInput,
)
from bot.core.replies.progress import MARK_DONE
from bot.core.replies.questions import ASK
from bot.core.usecases.buttons import OPENS_A_FORM
from handlers.teams.activity import message_activity
from handlers.teams.render import BODY_BYTES, answers, card, dialog, escape, fallback_text
from tests.fakes.teams.checks import activity_problems, card_problems
from tests.over_long import LONG, cut_between_words, over_long_form, over_long_message

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def body(message: Message) -> list[Any]:
    result: list[Any] = card(message)["body"]  # type: ignore[assignment]
    return result


def test_a_small_message_becomes_a_card_with_a_heading_and_wrapping_text() -> None:
    assert card(Message("Your progress", (Heading("Your progress"), Paragraph("Good work.")))) == {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": [
            {
                "type": "TextBlock",
                "text": "Your progress",
                "wrap": True,
                "style": "heading",
                "size": "large",
                "weight": "bolder",
            },
            {"type": "TextBlock", "text": "Good work.", "wrap": True},
        ],
        "fallbackText": "Your progress",
    }


def test_a_module_item_becomes_columns_with_a_link_and_a_button() -> None:
    item = Item(
        "3. Data & you",
        "15 min · To do",
        "https://x.test/3",
        Button("Mark done", MARK_DONE, "m3", "primary"),
    )
    text = [
        {
            "type": "TextBlock",
            "text": "[3\\. Data & you](https://x.test/3)",
            "wrap": True,
            "weight": "bolder",
        },
        {
            "type": "TextBlock",
            "text": "15 min · To do",
            "wrap": True,
            "size": "small",
            "isSubtle": True,
            "spacing": "none",
        },
    ]
    press = {
        "type": "Action.Execute",
        "title": "Mark done",
        "verb": MARK_DONE,
        "data": {"action": MARK_DONE, "value": "m3"},
        "style": "positive",
    }
    assert body(Message("t", (item,))) == [
        {
            "type": "ColumnSet",
            "columns": [
                {
                    "type": "Column",
                    "width": "stretch",
                    "items": text,
                },
                {
                    "type": "Column",
                    "width": "auto",
                    "items": [{"type": "ActionSet", "actions": [press]}],
                },
            ],
        }
    ]


def test_a_link_cannot_break_out_of_its_brackets() -> None:
    [block] = body(Message("t", (Item("Notes", url="https://x.test/a (b)"),)))
    assert block["items"][0]["text"] == "[Notes](https://x.test/a%20%28b%29)"
    [plain] = body(Message("t", (Item("Notes", url="javascript:alert(1)"),)))
    assert plain["items"][0]["text"] == "Notes"


def test_buttons_refresh_the_card_through_the_bot_with_their_action_and_value() -> None:
    buttons = (Button("Forget me", "forget_me", "7", "danger"), Button("Later", "snooze", "3"))
    [action_set] = body(Message("t", (Actions(buttons),)))
    assert action_set == {
        "type": "ActionSet",
        "actions": [
            {
                "type": "Action.Execute",
                "title": "Forget me",
                "verb": "forget_me",
                "data": {"action": "forget_me", "value": "7"},
                "style": "destructive",
            },
            {
                "type": "Action.Execute",
                "title": "Later",
                "verb": "snooze",
                "data": {"action": "snooze", "value": "3"},
            },
        ],
    }


@pytest.mark.parametrize("action", sorted(OPENS_A_FORM))
def test_a_button_that_opens_a_form_asks_teams_for_a_dialog(action: str) -> None:
    [action_set] = body(Message("t", (Actions((Button("Open", action, "v1"),)),)))
    assert action_set["actions"] == [
        {
            "type": "Action.Submit",
            "title": "Open",
            "data": {"msteams": {"type": "task/fetch"}, "action": action, "value": "v1"},
        }
    ]


def test_several_rows_of_buttons_keep_their_place_in_the_message() -> None:
    message = Message(
        "t",
        (
            Paragraph("First"),
            Actions((Button("A", "snooze"),)),
            Paragraph("Second"),
            Actions((Button("B", ASK),)),
        ),
    )
    assert [b["type"] for b in body(message)] == [
        "TextBlock",
        "ActionSet",
        "TextBlock",
        "ActionSet",
    ]
    assert "actions" not in card(message)


def test_relayed_words_render_inert_whatever_markdown_they_hold() -> None:
    words = "**bold** [link](http://x) <at>Someone</at> _it_ `code` ~~gone~~"
    escaped = (
        "\\*\\*bold\\*\\* \\[link\\]\\(http://x\\) \\<at\\>Someone\\</at\\> "
        "\\_it\\_ \\`code\\` \\~\\~gone\\~\\~"
    )
    paragraph, quote = body(Message("t", (Paragraph(words), Quote(words))))
    assert paragraph["text"] == escaped
    assert quote == {
        "type": "Container",
        "style": "emphasis",
        "items": [{"type": "TextBlock", "text": escaped, "wrap": True}],
    }


def test_lines_stay_lines_and_never_become_headings_or_lists() -> None:
    text = "# Not a heading\n- not a bullet\n\n1. not a number\n+ nor this\nplain"
    assert escape(text) == (
        "\\# Not a heading\n\n\\- not a bullet\n\n1\\. not a number\n\n\\+ nor this\n\nplain"
    )


def test_escaped_text_leaves_no_markdown_character_bare() -> None:
    text = "".join(chr(c) for c in range(32, 127)) * 3
    bare = re.compile(r"(?<!\\)[*_\[\]()<>`~{}]")
    assert not bare.search(escape(text).replace("\\\\", ""))


def test_fields_become_a_fact_set_and_context_small_subtle_text() -> None:
    message = Message(
        "t", (Fields((("Pace", "6 weeks"), ("Org", "Camden_North"))), Context("Only you"))
    )
    assert body(message) == [
        {
            "type": "FactSet",
            "facts": [
                {"title": "Pace", "value": "6 weeks"},
                {"title": "Org", "value": "Camden\\_North"},
            ],
        },
        {"type": "TextBlock", "text": "Only you", "wrap": True, "size": "small", "isSubtle": True},
    ]


def test_a_progress_bar_is_drawn_in_text_and_states_its_numbers_in_words() -> None:
    [block] = body(Message("t", (ProgressBar(3, 32),)))
    assert block["text"] == "\\[#.........\\] 3 of 32 modules done \\(9%\\)"


def test_a_divider_draws_a_line_above_what_follows() -> None:
    blocks = body(Message("t", (Divider(), Paragraph("a"), Divider(), Paragraph("b"), Divider())))
    assert blocks == [
        {"type": "TextBlock", "text": "a", "wrap": True},
        {"type": "TextBlock", "text": "b", "wrap": True, "separator": True, "spacing": "medium"},
    ]


def test_no_text_block_is_ever_empty() -> None:
    message = Message("Fallback", (Paragraph(""), Quote(" \n "), Context(""), Item("", "")))
    assert body(message) == [{"type": "TextBlock", "text": "Fallback", "wrap": True}]


def test_long_text_is_clipped_and_long_messages_say_there_is_more() -> None:
    [block] = body(Message("t", (Paragraph("x" * 9000),)))
    assert len(block["text"]) == 4000 and block["text"].endswith("…")
    many = body(Message("t", tuple(Paragraph(f"line {i}") for i in range(150))))
    assert len(many) == 100 and many[-1]["text"] == "There is more than fits here."


def test_a_card_stays_within_teams_message_size_whatever_the_message() -> None:
    many = body(Message("t", tuple(Paragraph(f"{i} " + "x" * 3000) for i in range(20))))
    assert len(json.dumps(many, separators=(",", ":")).encode()) < BODY_BYTES
    assert many[-1]["text"] == "There is more than fits here."
    assert len(many) == 8


def test_an_over_long_message_of_every_kind_of_block_is_a_message_teams_takes() -> None:
    activity = message_activity(over_long_message())
    sent = activity.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert activity_problems(sent) == []
    [heading, *_] = body(Message("t", (Heading("Nothing to escape here, " * 20),)))
    assert cut_between_words(heading["text"], "Nothing to escape here, " * 20)


def test_an_over_long_form_is_a_dialog_teams_takes_its_text_cut_after_a_word() -> None:
    task = dialog(over_long_form())
    assert card_problems(task["card"]["content"]) == []  # type: ignore[index]
    assert cut_between_words(str(task["title"]), LONG)
    [box] = [e for e in inputs(task) if e["type"] == "Input.Text"]
    assert box["maxLength"] == 5000  # Teams sets no ceiling: the core's choice stands
    assert len(box["value"]) <= 5000 and cut_between_words(box["value"], LONG)
    assert cut_between_words(box["label"], LONG)


def test_the_fallback_text_is_plain_and_kept_short() -> None:
    assert fallback_text(Message("  **Done**: 3 modules  ")) == "**Done**: 3 modules"
    assert len(fallback_text(Message("x" * 5000))) == 1000
    assert card(Message("**Done**"))["fallbackText"] == "\\*\\*Done\\*\\*"


GOALS = Checkboxes("goals", "Goals", (Choice("g1", "Data"), Choice("g2", "People")), chosen=("g2",))
SHARE = RadioButtons(
    "share", "Who can read it?", (Choice("private", "Only me"), Choice("cohort", "All")), "private"
)
MODULE = Select("module", "Module", (Choice("m1", "1. Data"),), placeholder="Choose one")
DAY = DateInput("day", "Date", initial="2027-03-02")
TIME = TimeInput("time", "Start", initial="14:00", optional=True)
ANSWER = TextInput(
    "answer", "Your answer", multiline=True, max_length=500, placeholder="Write here"
)
FORM = Form(
    "Reflect on week 1",
    "reflection_form",
    "Send",
    (Paragraph("How could you use this?"), GOALS, SHARE, MODULE, DAY, TIME, ANSWER),
    "Answer with /reflect.",
    state="42",
)


def inputs(task: dict[str, Any]) -> list[Any]:
    return [e for e in task["card"]["content"]["body"] if e["type"].startswith("Input.")]


def test_a_form_becomes_a_medium_dialog_with_its_inputs_and_a_submit_button() -> None:
    task: dict[str, Any] = dialog(FORM)
    content = task["card"]["content"]
    assert {k: v for k, v in task.items() if k != "card"} == {
        "title": "Reflect on week 1",
        "width": "medium",
        "height": "medium",
    }
    assert task["card"]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert content["body"][0] == {
        "type": "TextBlock",
        "text": "How could you use this?",
        "wrap": True,
    }
    assert content["fallbackText"] == "Answer with /reflect."
    assert content["actions"] == [
        {
            "type": "Action.Submit",
            "title": "Send",
            "style": "positive",
            "data": {"form": "reflection_form", "state": "42"},
        }
    ]
    required = {"isRequired": True, "errorMessage": "Please answer this."}
    assert inputs(task) == [
        {
            "type": "Input.ChoiceSet",
            "choices": [{"title": "Data", "value": "g1"}, {"title": "People", "value": "g2"}],
            "style": "expanded",
            "wrap": True,
            "value": "g2",
            "isMultiSelect": True,
            "id": "goals",
            "label": "Goals",
            "isRequired": False,
        },
        {
            "type": "Input.ChoiceSet",
            "choices": [
                {"title": "Only me", "value": "private"},
                {"title": "All", "value": "cohort"},
            ],
            "style": "expanded",
            "wrap": True,
            "value": "private",
            "id": "share",
            "label": "Who can read it?",
            **required,
        },
        {
            "type": "Input.ChoiceSet",
            "choices": [{"title": "1. Data", "value": "m1"}],
            "style": "compact",
            "wrap": True,
            "placeholder": "Choose one",
            "id": "module",
            "label": "Module",
            "isRequired": False,
        },
        {"type": "Input.Date", "value": "2027-03-02", "id": "day", "label": "Date", **required},
        {
            "type": "Input.Time",
            "value": "14:00",
            "id": "time",
            "label": "Start",
            "isRequired": False,
        },
        {
            "type": "Input.Text",
            "isMultiline": True,
            "maxLength": 500,
            "placeholder": "Write here",
            "id": "answer",
            "label": "Your answer",
            **required,
        },
    ]


def test_problems_show_under_their_fields_with_a_line_at_the_top() -> None:
    problems = {
        "day": "Choose a date after today.",
        "answer": "Write at most 500 characters.",
        "other": "Try again.",
    }
    content: Any = dialog(FORM, problems)["card"]["content"]
    kinds = [e.get("id") or e.get("text") for e in content["body"]]
    assert kinds == [
        "Please check the answers marked below.",
        "Try again.",
        "How could you use this?",
        "goals",
        "share",
        "module",
        "day",
        "Choose a date after today.",
        "time",
        "answer",
        "Write at most 500 characters.",
    ]
    under_day = content["body"][7]
    assert under_day == {
        "type": "TextBlock",
        "text": "Choose a date after today.",
        "wrap": True,
        "color": "attention",
        "spacing": "small",
    }
    assert content["body"][0]["color"] == "attention"


def test_a_multi_select_option_with_a_comma_is_refused() -> None:
    broken = Checkboxes("x", "X", (Choice("a,b", "A and B"),))
    with pytest.raises(ValueError, match="comma"):
        dialog(Form("T", "cb", "Go", (broken,), "t"))


def test_what_teams_submits_comes_back_as_the_cores_answers_for_every_input_kind() -> None:
    submitted: dict[str, object] = {
        e["id"]: e.get("value", "") for e in inputs(dialog(FORM))
    }  # the initial values, as Teams sends them back untouched
    submitted["goals"] = "g1,g2"
    submitted.update(form="reflection_form", state="42", msteams={"type": "task/submit"})
    assert answers(submitted, FORM.inputs) == {
        "goals": ("g1", "g2"),
        "share": ("private",),
        "module": (),
        "day": ("2027-03-02",),
        "time": ("14:00",),
        "answer": (),
    }


def test_typed_text_comes_back_exactly_and_missing_inputs_as_nothing() -> None:
    typed = {"answer": "Start small, then:\n- measure", "goals": ""}
    assert answers(typed, FORM.inputs) == {
        "goals": (),
        "share": (),
        "module": (),
        "day": (),
        "time": (),
        "answer": ("Start small, then:\n- measure",),
    }
