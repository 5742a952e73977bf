"""Reading a Web API request the way Slack does: query string, form or JSON body, bearer token."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from aiohttp import web

# Arguments that arrive as JSON text in form posts; decoded so tests see the same shape either way.
JSON_ARGUMENTS = ("blocks", "attachments", "view", "files", "metadata")


async def read_args(request: web.Request) -> dict[str, Any]:
    """All arguments of a call: query string first, then the body (form-encoded or JSON)."""
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                args.update(body)
        else:
            form = await request.post()
            args.update({key: value for key, value in form.items() if isinstance(value, str)})
    for key in JSON_ARGUMENTS:
        if isinstance(args.get(key), str):
            with contextlib.suppress(ValueError):  # left as text; the Block Kit check says so
                args[key] = json.loads(args[key])
    return args


def bearer_token(request: web.Request, args: dict[str, Any]) -> str | None:
    """The token of a call: `Authorization: Bearer …`, or a `token` argument in a form post."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and header[len("Bearer ") :].strip():
        return header[len("Bearer ") :].strip()
    token = args.pop("token", None)
    return token if isinstance(token, str) and token else None


def auth_error(token: str | None) -> str | None:
    """Slack's error for a missing or malformed token, or None when the token will do."""
    if token is None:
        return "not_authed"
    if not token.startswith(("xoxb-", "xoxp-", "xoxa-", "xapp-")):
        return "invalid_auth"
    return None
