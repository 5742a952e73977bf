"""Checks each activity the bot sends, as the Slack fake checks Block Kit.

An activity must be a message (or typing) of at most 28 KB; each Adaptive Card must be valid
against the 1.5 schema in `../shared/adaptive-card-schema/` (the check is skipped if that folder
is absent); and no text may carry `<at>…</at>` without a matching mention entity: the bot must
never mention anyone in text it relays.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from tests.fakes.teams.views import ADAPTIVE_CARD

SCHEMA = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "adaptive-card-schema"
    / "adaptive-card-1.5.json"
)
MAX_BYTES = 28 * 1024  # Teams refuses bigger messages, text and attachments together
TYPES = {"message", "typing"}
AT = re.compile(r"<at>.*?</at>", re.DOTALL)
SENDING = {"send_to_conversation", "reply_to_activity", "update_activity"}


@functools.cache
def card_validator() -> jsonschema.Draft6Validator | None:
    """Microsoft's Adaptive Card 1.5 schema, loaded once; None when the shared folder is absent."""
    if not SCHEMA.is_file():
        return None
    return jsonschema.Draft6Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def check_request(operation: str, body: Any) -> list[str]:
    """Problems with what one request sends, each prefixed with the operation."""
    if operation == "create_conversation" and isinstance(body, dict) and "activity" in body:
        found = activity_problems(body["activity"])
    elif operation in SENDING:
        found = activity_problems(body)
    else:
        return []
    return [f"{operation}: {problem}" for problem in found]


def activity_problems(activity: Any) -> list[str]:
    if not isinstance(activity, dict):
        return [f"activity: expected an object, got {type(activity).__name__}"]
    found = []
    if activity.get("type") not in TYPES:
        found.append(f"type: {activity.get('type')!r}, not a message")
    size = len(json.dumps(activity, ensure_ascii=False).encode())
    if size > MAX_BYTES:
        found.append(f"size: {size} bytes, more than Teams' {MAX_BYTES}")
    mentions = _mention_texts(activity.get("entities"))
    for field in ("text", "summary"):
        found += _unmatched_at(field, activity.get(field), mentions)
    for index, attachment in enumerate(activity.get("attachments") or []):
        found += _attachment_problems(f"attachments[{index}]", attachment, mentions)
    return found


def card_problems(card: Any) -> list[str]:
    """What the Adaptive Card schema rejects; Teams' own `msteams` key is not in the schema."""
    validator = card_validator()
    if validator is None:
        return []
    if not isinstance(card, dict):
        return [f"expected an Adaptive Card object, got {type(card).__name__}"]
    standard = {key: value for key, value in card.items() if key != "msteams"}
    error = best_match(validator.iter_errors(standard))
    return [] if error is None else [f"schema: {error.json_path}: {error.message}"]


def _attachment_problems(where: str, attachment: Any, mentions: set[str]) -> list[str]:
    if not isinstance(attachment, dict) or attachment.get("contentType") != ADAPTIVE_CARD:
        return []
    content = attachment.get("content")
    found = [f"{where}: {problem}" for problem in card_problems(content)]
    if isinstance(content, dict):
        in_card = mentions | _mention_texts((content.get("msteams") or {}).get("entities"))
        for path, text in _strings(content, where):
            found += _unmatched_at(path, text, in_card)
    return found


def _mention_texts(entities: Any) -> set[str]:
    """The `<at>…</at>` texts that mention entities stand behind."""
    return {
        str(e.get("text"))
        for e in entities or []
        if isinstance(e, dict) and e.get("type") == "mention" and e.get("mentioned")
    }


def _unmatched_at(where: str, text: Any, mentions: set[str]) -> list[str]:
    if not isinstance(text, str):
        return []
    return [
        f"{where}: {tag} with no mention entity; relayed text must not mention anyone"
        for tag in AT.findall(text)
        if tag not in mentions
    ]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "msteams":
                yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
