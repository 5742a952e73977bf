"""Slack's documented Block Kit limits as a pure check: `problems(kind, payload)` lists breaches.

`kind` is "message" (payload: the message arguments, with `text` and `blocks`), or "modal" /
"home" (payload: the view). Each problem names where it is, e.g. "blocks[2].text: 3001 characters,
more than 3000".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

JSON = Mapping[str, Any]

MAX_BLOCKS = {"message": 50, "modal": 100, "home": 100}
MAX_MESSAGE_TEXT = 40_000
VIEW_TEXT = {
    "title": 24,
    "submit": 24,
    "close": 24,
    "private_metadata": 3000,
    "callback_id": 255,
    "external_id": 255,
}
BLOCK_TEXT = {
    "section": {"text": 3000},
    "header": {"text": 150},
    "input": {"label": 2000, "hint": 2000},
    "image": {"alt_text": 2000, "image_url": 3000, "title": 2000},
}
BLOCK_COUNT = {"section": {"fields": 10}, "actions": {"elements": 25}, "context": {"elements": 10}}
SECTION_FIELD_TEXT = 2000
ELEMENT_TEXT = {
    "button": {"text": 75, "value": 2000, "url": 3000},
    "plain_text_input": {"initial_value": 3000},
}
ANY_ELEMENT_TEXT = {"action_id": 255, "placeholder": 150}
OPTION_TEXT = {"text": 75, "value": 150, "description": 75, "url": 3000}
OPTION_COUNT = {
    "static_select": 100,
    "multi_static_select": 100,
    "checkboxes": 10,
    "radio_buttons": 10,
    "overflow": 5,
}
OPTION_GROUPS = 100
OPTION_GROUP_LABEL = 75
CONFIRM_TEXT = {"title": 100, "text": 300, "confirm": 30, "deny": 30}
MAX_PLAIN_TEXT_INPUT_LENGTH = 3000


def problems(kind: str, payload: JSON) -> list[str]:
    """Every way `payload` breaks Slack's limits for a `kind` of surface (empty when fine)."""
    if kind not in MAX_BLOCKS:
        raise ValueError(f"unknown payload kind {kind!r}; use message, modal or home")
    blocks = payload.get("blocks")
    found = _too_many("blocks", blocks, MAX_BLOCKS[kind], f"blocks in a {kind}")
    found += _message_problems(payload) if kind == "message" else _view_problems(kind, payload)
    for index, block in _mappings(blocks):
        found += _block_problems(f"blocks[{index}]", block)
    return found


def _mappings(items: object) -> list[tuple[int, JSON]]:
    """The objects in a list, with their positions; anything else is the SDK check's concern."""
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, Mapping)]


def _text(value: object) -> str:
    """The characters of a plain string or of a text object."""
    if isinstance(value, Mapping):
        return str(value.get("text", ""))
    return value if isinstance(value, str) else ""


def _too_long(where: str, value: object, limit: int) -> list[str]:
    length = len(_text(value))
    return [f"{where}: {length} characters, more than {limit}"] if length > limit else []


def _too_many(where: str, items: object, limit: int, what: str) -> list[str]:
    count = len(items) if isinstance(items, list) else 0
    return [f"{where}: {count} {what}, more than {limit}"] if count > limit else []


def _texts(where: str, thing: JSON, limits: Mapping[str, int]) -> list[str]:
    found: list[str] = []
    for key, limit in limits.items():
        found += _too_long(f"{where}.{key}", thing.get(key), limit)
    return found


def _message_problems(message: JSON) -> list[str]:
    found = _too_long("text", message.get("text"), MAX_MESSAGE_TEXT)
    if message.get("blocks") and not _text(message.get("text")).strip():
        found.append("text: missing; blocks need a plain-text fallback for notifications")
    return found


def _view_problems(kind: str, view: JSON) -> list[str]:
    found = _texts("view", view, VIEW_TEXT)
    if kind == "modal":
        if not _text(view.get("title")).strip():
            found.append("view.title: a modal needs a title")
        has_inputs = any(b.get("type") == "input" for _, b in _mappings(view.get("blocks")))
        if has_inputs and not _text(view.get("submit")).strip():
            found.append("view.submit: a modal with input blocks needs a submit button")
    return found


def _block_problems(where: str, block: JSON) -> list[str]:
    kind = str(block.get("type"))
    found = _too_long(f"{where}.block_id", block.get("block_id"), 255)
    found += _texts(where, block, BLOCK_TEXT.get(kind, {}))
    for key, limit in BLOCK_COUNT.get(kind, {}).items():
        found += _too_many(f"{where}.{key}", block.get(key), limit, key)
    for index, field in _mappings(block.get("fields")):
        found += _too_long(f"{where}.fields[{index}]", field, SECTION_FIELD_TEXT)
    if kind == "actions":
        for index, element in _mappings(block.get("elements")):
            found += _element_problems(f"{where}.elements[{index}]", element)
    for key in ("accessory", "element"):
        if isinstance(block.get(key), Mapping):
            found += _element_problems(f"{where}.{key}", block[key])
    return found


def _element_problems(where: str, element: JSON) -> list[str]:
    kind = str(element.get("type"))
    found = _texts(where, element, {**ANY_ELEMENT_TEXT, **ELEMENT_TEXT.get(kind, {})})
    max_length = element.get("max_length")
    if isinstance(max_length, int) and max_length > MAX_PLAIN_TEXT_INPUT_LENGTH:
        found.append(f"{where}.max_length: more than {MAX_PLAIN_TEXT_INPUT_LENGTH}")
    if kind in OPTION_COUNT:
        found += _too_many(
            f"{where}.options", element.get("options"), OPTION_COUNT[kind], "options"
        )
    found += _too_many(
        f"{where}.option_groups", element.get("option_groups"), OPTION_GROUPS, "option groups"
    )
    for index, group in _mappings(element.get("option_groups")):
        found += _too_long(
            f"{where}.option_groups[{index}].label", group.get("label"), OPTION_GROUP_LABEL
        )
        found += _too_many(
            f"{where}.option_groups[{index}].options",
            group.get("options"),
            OPTION_GROUPS,
            "options",
        )
        found += _options_problems(f"{where}.option_groups[{index}]", group)
    found += _options_problems(where, element)
    if isinstance(element.get("confirm"), Mapping):
        found += _texts(f"{where}.confirm", element["confirm"], CONFIRM_TEXT)
    return found


def _options_problems(where: str, holder: JSON) -> list[str]:
    found: list[str] = []
    for key in ("options", "initial_options"):
        for index, option in _mappings(holder.get(key)):
            found += _texts(f"{where}.{key}[{index}]", option, OPTION_TEXT)
    if isinstance(holder.get("initial_option"), Mapping):
        found += _texts(f"{where}.initial_option", holder["initial_option"], OPTION_TEXT)
    return found
