"""The limits checker finds each of Slack's Block Kit limits, given a payload just over it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes.block_check import check_call
from tests.fakes.block_limits import problems


def text(chars: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": "x" * chars}


def button(label: int = 4, value: int = 4, action_id: int = 4) -> dict[str, Any]:
    return {
        "type": "button",
        "text": text(label),
        "value": "v" * value,
        "action_id": "a" * action_id,
    }


def option(label: int = 4, value: int = 4) -> dict[str, Any]:
    return {"text": text(label), "value": "o" * value}


def message(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"text": "Fallback", "blocks": list(blocks)}


def modal(**fields: Any) -> dict[str, Any]:
    return {"type": "modal", "title": text(10), "blocks": [{"type": "divider"}], **fields}


def section(chars: int) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "s" * chars}}


def actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)}


def select(options: int, kind: str = "static_select") -> dict[str, Any]:
    return {"type": kind, "action_id": "pick", "options": [option() for _ in range(options)]}


OVER_THE_LIMIT = {
    "51 blocks in a message": ("message", message(*[{"type": "divider"}] * 51), "more than 50"),
    "101 blocks in a modal": ("modal", modal(blocks=[{"type": "divider"}] * 101), "more than 100"),
    "101 blocks on a home tab": ("home", {"type": "home", "blocks": [section(1)] * 101}, "100"),
    "section text": ("message", message(section(3001)), "blocks[0].text: 3001"),
    "section field": ("message", message({"type": "section", "fields": [text(2001)]}), "2001"),
    "11 section fields": ("message", message({"type": "section", "fields": [text(1)] * 11}), "11"),
    "header text": ("message", message({"type": "header", "text": text(151)}), "151 characters"),
    "button text": ("message", message(actions(button(label=76))), "text: 76"),
    "button value": ("message", message(actions(button(value=2001))), "value: 2001"),
    "action_id": ("message", message(actions(button(action_id=256))), "action_id: 256"),
    "block_id": ("message", message({"type": "divider", "block_id": "b" * 256}), "block_id: 256"),
    "option text": (
        "message",
        message(actions({**select(1), "options": [option(label=76)]})),
        "76",
    ),
    "option value": (
        "message",
        message(actions({**select(1), "options": [option(value=151)]})),
        "151",
    ),
    "26 elements in actions": ("message", message(actions(*[button()] * 26)), "26 elements"),
    "11 elements in context": (
        "message",
        message({"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}),
        "11 elements",
    ),
    "101 options in a select": ("message", message(actions(select(101))), "101 options"),
    "11 checkboxes": ("message", message(actions(select(11, "checkboxes"))), "11 options"),
    "modal title": ("modal", modal(title=text(25)), "view.title: 25"),
    "modal submit": ("modal", modal(submit=text(25)), "view.submit: 25"),
    "modal close": ("modal", modal(close=text(25)), "view.close: 25"),
    "private_metadata": ("modal", modal(private_metadata="m" * 3001), "3001"),
    "blocks without a text fallback": ("message", {"blocks": [section(5)]}, "text: missing"),
}


@pytest.mark.parametrize("kind, payload, expected", OVER_THE_LIMIT.values(), ids=OVER_THE_LIMIT)
def test_a_payload_just_over_a_limit_is_reported(kind: str, payload: Any, expected: str) -> None:
    found = problems(kind, payload)
    assert any(expected in problem for problem in found), found


def test_a_payload_exactly_at_every_limit_passes_both_checks() -> None:
    full_section = {"type": "section", "text": text(3000), "fields": [text(2000)] * 10}
    at_limits: list[dict[str, Any]] = [
        full_section,
        {"type": "header", "text": text(150), "block_id": "b" * 255},
        actions(*[button(label=75, value=2000, action_id=255)] * 25),
        actions({**select(1), "options": [option(label=75, value=150)] * 100}),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 10},
    ]
    full = message(*at_limits, *[{"type": "divider"}] * 45)
    assert check_call("chat.postMessage", full) == []
    view = modal(title=text(24), submit=text(24), close=text(24), private_metadata="m" * 3000)
    assert check_call("views.open", {"view": view}) == []


def test_a_modal_with_inputs_needs_a_submit_button() -> None:
    field = {
        "type": "input",
        "label": text(5),
        "element": {"type": "plain_text_input", "action_id": "note"},
    }
    assert any("submit" in p for p in problems("modal", modal(blocks=[field])))


def test_the_sdk_check_names_the_method_and_rejects_unknown_blocks() -> None:
    found = check_call("chat.postMessage", message({"type": "sparkles"}))
    assert found == ["chat.postMessage: blocks[0]: unknown block type 'sparkles'"]


def test_the_sdk_check_rejects_what_slack_sdk_models_reject() -> None:
    no_text = {"type": "button", "action_id": "go"}
    found = check_call("views.publish", {"view": {"type": "home", "blocks": [actions(no_text)]}})
    assert found and all(p.startswith("views.publish: ") for p in found)


def test_calls_without_block_kit_are_not_checked() -> None:
    assert check_call("users.info", {"user": "U0AMARA"}) == []
