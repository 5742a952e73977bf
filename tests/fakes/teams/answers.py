"""How the fake connector answers each operation, and reading a request's JSON body."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from aiohttp import web

from tests.fakes.teams.calls import error_body
from tests.fakes.teams.roster import Roster
from tests.fakes.teams.routes import Route
from tests.fakes.teams.store import ActivityStore

Answer = tuple[int, Any]


def answer(
    store: ActivityStore, roster: Roster, service_url: str, found: Route, body: Any, query: Any
) -> Answer:
    """The status and JSON the Bot Connector gives one request."""
    conversation, activity_id = found.conversation_id or "", found.activity_id or ""
    match found.operation:
        case "create_conversation":
            return store.create(body, service_url)
        case "send_to_conversation":
            return store.post(conversation, body, None)
        case "reply_to_activity":
            return store.post(conversation, body, activity_id)
        case "update_activity":
            return store.update(conversation, activity_id, body)
        case "delete_activity":
            return store.delete(conversation, activity_id)
        case "get_conversation_members":
            return roster.answer_members(conversation)
        case "get_conversation_member":
            return roster.answer_member(conversation, found.member_id or "")
        case "get_conversation_paged_members":
            return roster.answer_paged(conversation, dict(query))
    return 404, error_body(404, "no such route on the Bot Connector")


def refusal(status: int, retry_after: int | None) -> tuple[int, Any, dict[str, str]]:
    """An error answer, with `Retry-After` when there is one."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return status, error_body(status), headers


async def read_json(request: web.Request) -> Any:
    """The request's JSON body; None without one, the raw text if it is not JSON."""
    if not request.can_read_body:
        return None
    text = await request.text()
    with contextlib.suppress(ValueError):
        return json.loads(text)
    return text
