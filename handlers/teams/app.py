"""Teams on the bot's one aiohttp app: the Agents SDK's application, its routes, and
`POST /api/messages` behind the SDK's token check (only there: /healthz and Slack's
route stay open)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import (
    CloudAdapter,
    jwt_authorization_decorator,
    start_agent_process,
)
from microsoft_agents.hosting.core import AgentApplication, MemoryStorage, TurnState

from bot.core.platforms import CommandNames
from bot.core.usecases.registry import Registry
from handlers.teams import routes
from handlers.teams.proactive import Proactive

logger = logging.getLogger(__name__)

MULTI_TENANT = "botframework.com"
REFUSED = {"error": "Invalid token or authentication failed."}
MALFORMED = {
    "error": "Not a Teams activity: it needs type, serviceUrl, conversation, from and recipient."
}
# Set on a request once its token passed, so only the check's own errors are refusals.
_PASSED = web.RequestKey("teams_token_passed", bool)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class TeamsConnection:
    """The Azure Bot registration the SDK signs in as."""

    app_id: str
    secret: str | None
    certificate_file: Path | None
    tenant_id: str | None
    multi_tenant: bool
    # Tests only: no Microsoft token is checked or sent.
    anonymous: bool

    def sdk_configuration(self) -> dict[str, Any]:
        """The SDK's configuration, as its CONNECTIONS__SERVICE_CONNECTION__SETTINGS__*
        environment variables would give it."""
        settings: dict[str, Any] = {"ANONYMOUS_ALLOWED": self.anonymous}
        if self.app_id:
            settings["CLIENTID"] = self.app_id
            settings["TENANTID"] = MULTI_TENANT if self.multi_tenant else self.tenant_id
            if self.certificate_file is not None:
                settings |= {"AUTHTYPE": "certificate", "CERTPFXFILE": str(self.certificate_file)}
            else:
                settings |= {"AUTHTYPE": "ClientSecret", "CLIENTSECRET": self.secret}
        return {"CONNECTIONS": {"SERVICE_CONNECTION": {"SETTINGS": settings}}}


@dataclass(frozen=True)
class TeamsApp:
    application: AgentApplication[TurnState]
    adapter: CloudAdapter
    connections: MsalConnectionManager
    proactive: Proactive


def build_teams(connection: TeamsConnection) -> TeamsApp:
    """The SDK's pieces, before any route is registered."""
    connections = MsalConnectionManager(**connection.sdk_configuration())
    adapter = CloudAdapter(connection_manager=connections)
    # The SDK's own handler would tell people "Exception caught : <error>" and hide the
    # error from a proactive send; the routes' error handler speaks to people instead.
    adapter.on_turn_error = None
    application = AgentApplication[TurnState](
        storage=MemoryStorage(),
        connection_manager=connections,
        # Typing indicators count against Teams' rate limits, and turns are short.
        start_typing_timer=False,
    )
    proactive = Proactive(adapter, connection.app_id, connection.anonymous)
    return TeamsApp(application, adapter, connections, proactive)


def serve(teams: TeamsApp, app: web.Application, registry: Registry, names: CommandNames) -> None:
    """Register every route and answer Teams at POST /api/messages."""
    routes.register(teams.application, registry, names)
    with warnings.catch_warnings():
        # The SDK reads its configuration from this plain string key, not an AppKey.
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = teams.connections.get_default_connection_configuration()

    async def messages(request: web.Request) -> web.StreamResponse:
        if not _well_formed(await _json(request)):
            return web.json_response(MALFORMED, status=400)
        response = await start_agent_process(request, teams.application, teams.adapter)
        return response if response is not None else web.Response(status=202)

    app.router.add_post("/api/messages", token_checked(messages))


def _well_formed(activity: object) -> bool:
    """Whether the activity names everything a turn needs. The SDK fails on one without
    them with a 500, or (no recipient) only after the routes have begun."""
    if not isinstance(activity, dict):
        return False
    needed = (
        activity.get("type"),
        activity.get("serviceUrl"),
        _id(activity.get("conversation")),
        _id(activity.get("recipient")),
        _id(activity.get("from")),
    )
    return all(isinstance(value, str) and value for value in needed)


def _id(account: object) -> object:
    return account.get("id") if isinstance(account, dict) else None


async def _json(request: web.Request) -> object:
    try:
        return await request.json()
    except ValueError:
        return None


def token_checked(handler: Handler) -> Handler:
    """The handler behind the SDK's token check. The SDK answers 401 to a missing or
    undecodable token, but lets other failures of the check escape as a 500 (a token
    without a key id, Microsoft's keys out of reach): those are refused with 401 too."""

    async def passed(request: web.Request) -> web.StreamResponse:
        request[_PASSED] = True
        return await handler(request)

    checked: Handler = jwt_authorization_decorator(passed)  # type: ignore[no-untyped-call]

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await checked(request)
        except Exception as error:
            if request.get(_PASSED):
                raise
            logger.warning(
                "Teams request refused: its token could not be checked (%s)", type(error).__name__
            )
            return web.json_response(REFUSED, status=401)

    return guarded
