"""Find what a person can click or fill in, in blocks the bot sent, and say what they chose."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tests.fakes.workspace import JSON

Choice = str | Sequence[str] | None

ONE_OPTION = {"static_select", "radio_buttons", "overflow"}
MANY_OPTIONS = {"checkboxes", "multi_static_select"}
SELECTED = {
    "plain_text_input": "value",
    "number_input": "value",
    "email_text_input": "value",
    "url_text_input": "value",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}
INITIAL = {
    "value": "initial_value",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
    "selected_user": "initial_user",
    "selected_users": "initial_users",
    "selected_channel": "initial_channel",
    "selected_conversation": "initial_conversation",
}


def elements(blocks: Sequence[JSON]) -> Iterator[tuple[str, JSON]]:
    """Every interactive element with the block_id of its block."""
    for block in blocks:
        found = list(block.get("elements") or []) if block.get("type") == "actions" else []
        found += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for element in found:
            if "action_id" in element:
                yield str(block.get("block_id", "")), element


def find_element(blocks: Sequence[JSON], action_id: str, value: Choice = None) -> tuple[str, JSON]:
    """The element a person would click: matching action_id (and button value, when given)."""
    available = []
    for block_id, element in elements(blocks):
        available.append((element["action_id"], element.get("value")))
        button_value_fits = element.get("type") != "button" or value in (None, element.get("value"))
        if element["action_id"] == action_id and button_value_fits:
            return block_id, element
    raise LookupError(f"no element {action_id!r} (value {value!r}) to click; there are {available}")


def action(block_id: str, element: JSON, value: Choice, action_ts: str) -> JSON:
    """The `actions[0]` entry of a block_actions payload for clicking or choosing `value`."""
    kind = element["type"]
    made: dict[str, Any] = {
        "type": kind,
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": action_ts,
    }
    if kind == "button":
        made["text"] = element["text"]
        for key in ("value", "style"):
            if key in element:
                made[key] = element[key]
    else:
        made.update(selection(element, value))
    return made


def selection(element: JSON, value: Choice) -> JSON:
    """What Slack reports for an element after a person chose `value` (initial value if None)."""
    kind = element["type"]
    if kind in ONE_OPTION:
        if isinstance(value, str):
            return {"selected_option": _option(element, value)}
        return {"selected_option": element.get("initial_option")}
    if kind in MANY_OPTIONS:
        if value is None:
            return {"selected_options": element.get("initial_options", [])}
        values = [value] if isinstance(value, str) else list(value)
        return {"selected_options": [_option(element, v) for v in values]}
    if kind in SELECTED:
        key = SELECTED[kind]
        return {key: element.get(INITIAL[key]) if value is None else value}
    raise NotImplementedError(f"the fake does not know how a {kind} reports its state")


def state_values(blocks: Sequence[JSON], values: Mapping[str, Choice]) -> JSON:
    """A view's `state.values` once a person filled in `values` (keyed by action_id)."""
    state: dict[str, dict[str, JSON]] = {}
    for block_id, element in elements(blocks):
        if element["type"] == "button":
            continue
        entry = {"type": element["type"], **selection(element, values.get(element["action_id"]))}
        state.setdefault(block_id, {})[element["action_id"]] = entry
    unknown = set(values) - {a for entries in state.values() for a in entries}
    if unknown:
        raise LookupError(f"no input with action_id {sorted(unknown)} in this view")
    return {"values": state}


def _option(element: JSON, value: str) -> JSON:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    for option in options:
        if option.get("value") == value:
            return dict(option)
    raise LookupError(f"{element['action_id']!r} has no option {value!r}")
