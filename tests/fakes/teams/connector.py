"""A fake Bot Connector on loopback: answers the Teams wire format, records calls, checks cards."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer
from tests.fakes.teams import views
from tests.fakes.teams.answers import answer, read_json, refusal
from tests.fakes.teams.calls import TeamsCall, TeamsFailure
from tests.fakes.teams.checks import check_request
from tests.fakes.teams.limits import TeamsRateLimits
from tests.fakes.teams.people import TeamsPerson
from tests.fakes.teams.recording import CallLog
from tests.fakes.teams.roster import Roster
from tests.fakes.teams.routes import PREFIX, UNKNOWN, Route, route, segments
from tests.fakes.teams.store import ActivityStore


class FakeTeamsConnector(CallLog):
    """`async with FakeTeamsConnector() as teams:` then use `teams.url` as the serviceUrl.

    With `rate_limits`, writes past Teams' per-conversation limits (and requests past the
    app's) get 429 with `Retry-After`; without, nothing is limited.
    """

    def __init__(self, rate_limits: TeamsRateLimits | None = None) -> None:
        super().__init__()
        self.rate_limits = rate_limits
        self.store = ActivityStore()
        self.roster = Roster()
        self.origin = ""
        self._failures: list[TeamsFailure] = []
        app = web.Application()
        app.router.add_route("*", f"/{PREFIX}/{{tail:.*}}", self._handle)
        self._server = LoopbackServer(app)

    async def start(self) -> FakeTeamsConnector:
        self.origin = await self._server.start()
        return self

    async def stop(self) -> None:
        await self._server.stop()

    async def __aenter__(self) -> FakeTeamsConnector:
        return await self.start()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The serviceUrl of incoming activities: the base the SDK joins `v3/...` to."""
        return f"{self.origin}/{PREFIX}/"

    def add_members(self, conversation_or_team_id: str, *people: TeamsPerson) -> None:
        """Put people on the roster of a team or conversation (and give each a 1:1 chat)."""
        self.roster.add(conversation_or_team_id, *people)

    def add_channel(self, channel_id: str, team_id: str) -> None:
        """A channel of a team, whose members are the team's."""
        self.roster.add_channel(channel_id, team_id)

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = None,
        method: str | None = None,
        path: str | None = None,
        accepted: bool = False,
    ) -> None:
        """Make the next `n` requests (with this HTTP `method`, whose path contains `path`) fail.

        A 429 carries `Retry-After: 1` unless told otherwise. `accepted=True`: the fake stores
        what was sent, then answers `status` anyway, as when Teams' answer is lost.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        self._failures.append(TeamsFailure(n, status, retry_after, method, path, accepted))

    def messages_in(self, conversation_id: str) -> list[views.Posted]:
        """What the conversation (or thread) shows now: the latest version of each activity."""
        return views.messages_in(self.store, conversation_id)

    def threads(self, channel_id: str) -> list[views.Thread]:
        """The channel's threads the bot started or replied in."""
        return views.threads(self.store, channel_id)

    def history(self, activity_id: str) -> list[dict[str, Any]]:
        """Every version of one activity: first as sent, then each update."""
        return list(self.store.activities[activity_id].versions)

    async def _handle(self, request: web.Request) -> web.Response:
        raw_path = request.rel_url.raw_path
        found, path = route(request.method, raw_path), "/".join(segments(raw_path))
        body = await read_json(request)
        self.problems += check_request(found.operation, body)
        if found is UNKNOWN:
            self.problems.append(f"unknown: {request.method} {path}")
        status, answered, headers = self._answer(request, path, found, body)
        conversation = found.conversation_id
        if found.operation == "create_conversation" and status == 201:
            conversation = answered["id"]
        auth = request.headers.get("Authorization")
        await self.record(
            TeamsCall(
                found.operation, request.method, path, conversation, found.activity_id,
                body, auth, status, answered, headers,
            )
        )  # fmt: skip
        if answered is None:
            return web.Response(status=status, headers=headers)
        return web.json_response(answered, status=status, headers=headers)

    def _answer(
        self, request: web.Request, path: str, found: Route, body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        """A programmed failure, a rate limit, or the connector's answer (in that order)."""
        failure = self._take_failure(request.method, path)
        if failure is not None and not failure.accepted:
            return refusal(failure.status, failure.retry_after)
        limits = self.rate_limits
        if limits and (wait := limits.retry_after(found.operation, found.conversation_id)):
            return refusal(429, wait)
        status, answered = answer(self.store, self.roster, self.url, found, body, request.query)
        if failure is not None and status < 300:  # accepted: stored, but answered with an error
            return refusal(failure.status, failure.retry_after)
        return status, answered, {}

    def _take_failure(self, method: str, path: str) -> TeamsFailure | None:
        for failure in self._failures:
            if failure.remaining > 0 and failure.applies_to(method, path):
                failure.remaining -= 1
                return failure
        return None
