"""Block Kit objects as JSON: what slack_sdk's `to_dict()` makes, at a sixth of the cost.

`to_dict()` checks each object against Slack's limits before writing it out, and works
out each object's field names anew, for every object of every message: for a check-in's
reply that took 0.12 ms, a tenth of the bot's work for the whole request. render.py
keeps every limit itself, whatever the core hands it (and the fake Slack checks every
payload the tests send), so the blocks it makes are written out here unchecked, with
each kind's field names found once: 0.02 ms. Kinds not named here still go through
`to_dict()`.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

# The kinds render.py makes. Each writes out its non-empty fields, in sorted order, as
# JsonObject.get_non_null_attributes does, with the same fields for every object.
PLAIN_KINDS = (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
_fields: dict[type[JsonObject], tuple[str, ...]] = {}


def as_json(value: JsonObject) -> dict[str, Any]:
    """The object as `value.to_dict()` writes it, unchecked for the kinds render.py makes."""
    kind = type(value)
    if kind not in PLAIN_KINDS:
        return {k: _plain(v) for k, v in value.to_dict().items()}
    fields = _fields.get(kind)
    if fields is None:
        fields = _fields[kind] = tuple(sorted(value.attributes))
    written: dict[str, Any] = {}
    for name in fields:
        field = getattr(value, name, None)
        if field is None or (hasattr(field, "__len__") and len(field) == 0):
            continue
        written[name] = _plain(field)
    return written


def _plain(value: object) -> object:
    if isinstance(value, str | bool):  # most fields: no need to ask JsonObject's ABC
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, JsonObject):
        return as_json(value)
    return value
