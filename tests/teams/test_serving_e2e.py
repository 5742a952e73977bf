"""Serving Teams safely: the token check guards /api/messages only, start-up refuses a Teams
set-up that cannot sign in, and odd traffic gets a calm answer rather than a crash."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import Bot, build_bot
from bot.bootstrap import read_course_files
from bot.cli import main
from bot.config import load_settings
from bot.core.clock import ManualClock
from tests.fakes.loopback import LoopbackServer
from tests.fakes.signing import SlackRequestSigner
from tests.fakes.teams.activities import IncomingActivities
from tests.fakes.teams.connector import FakeTeamsConnector
from tests.fakes.teams.people import personal_conversation_id
from tests.teams.conftest import AMIRA, COHORT_FILE, WEEK_ONE, TeamsHarness

APP_ID = "00000000-0000-4000-8000-000000000001"
TENANT = "00000000-0000-4000-8000-0000000000aa"
SLACK_SECRET = "slack-signing-secret"
TEAMS_VARIABLES = (
    "TEAMS_APP_ID",
    "TEAMS_APP_PASSWORD",
    "TEAMS_CERTIFICATE_FILE",
    "TEAMS_TENANT_ID",
    "TEAMS_ALLOW_ANONYMOUS",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
)


async def post(origin: str, path: str, body: Any, headers: dict[str, str] | None = None) -> int:
    data = body if isinstance(body, str) else json.dumps(body)
    heads = {"Content-Type": "application/json", **(headers or {})}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{origin}{path}", data=data, headers=heads) as response,
    ):
        await response.read()
        return response.status


@pytest.fixture
async def signed_in(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[Bot, str]]:
    """The bot as deployed: Teams signed in (not anonymous) and Slack over HTTP beside it.

    No request here reaches Microsoft: every one is refused before a key would be fetched.
    """
    cohort_file = tmp_path / "cohort.yml"
    cohort_file.write_text(COHORT_FILE, encoding="utf-8")
    settings = load_settings(
        _env_file=None,
        teams_app_id=APP_ID,
        teams_app_password="teams-secret",
        teams_tenant_id=TENANT,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SLACK_SECRET,
        slack_api_url="http://127.0.0.1:9/api/",
        database_url=database_url,
        cohort_file=cohort_file,
        outbox_poll_seconds=3600,
    )
    bot = build_bot(settings, read_course_files(settings), ManualClock(WEEK_ONE))
    async with LoopbackServer(bot.web) as server:
        yield bot, server.origin
    await bot.core.engine.dispose()


async def test_health_answers_without_a_token_while_teams_is_signed_in(
    signed_in: tuple[Bot, str],
) -> None:
    _, origin = signed_in
    async with aiohttp.ClientSession() as session, session.get(f"{origin}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_teams_messages_without_a_token_or_with_a_garbage_one_get_401(
    signed_in: tuple[Bot, str], fake_teams: FakeTeamsConnector
) -> None:
    bot, origin = signed_in
    activity = IncomingActivities(fake_teams.url).personal_message(AMIRA, "progress")

    assert await post(origin, "/api/messages", activity) == 401
    garbage = {"Authorization": "Bearer not-a-token"}
    assert await post(origin, "/api/messages", activity, garbage) == 401
    unsigned = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0."}
    assert await post(origin, "/api/messages", activity, unsigned) == 401
    assert fake_teams.calls == []  # nothing was answered
    async with bot.core.services.ctx.uow() as uow:
        assert await uow.processed_events.seen(str(activity["id"])) is False


async def test_slacks_route_beside_teams_still_takes_slacks_signed_requests(
    signed_in: tuple[Bot, str],
) -> None:
    _, origin = signed_in
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    signed = SlackRequestSigner(SLACK_SECRET).headers(body)

    assert await post(origin, "/slack/events", body, signed) == 200
    assert await post(origin, "/slack/events", body) == 401  # Slack's own check, not Teams'


async def test_anonymous_test_mode_accepts_activities_without_a_token(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    status, _ = await h.post(h.incoming.personal_message(AMIRA, "progress"))
    assert status in (200, 202)
    [*_, answer] = h.teams.messages_in(personal_conversation_id(AMIRA.id))
    assert (answer.text or "").startswith("You have done 0 of 32 modules.")


@pytest.mark.parametrize("missing", ["recipient", "serviceUrl", "conversation", "from"])
async def test_a_malformed_activity_gets_400_without_details_and_the_server_keeps_serving(
    teams_harness: TeamsHarness, missing: str
) -> None:
    h = teams_harness
    activity = h.incoming.personal_message(AMIRA, "progress")
    del activity[missing]
    calls = len(h.teams.calls)

    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{h.origin}/api/messages", json=activity) as response,
    ):
        # The SDK alone answers 500 ("Server got itself in trouble"), and a missing
        # recipient fails only once the routes have begun.
        assert response.status == 400
        assert (await response.json())["error"].startswith("Not a Teams activity")
    assert h.teams.calls[calls:] == []  # nothing was sent

    await h.install(AMIRA)
    status, _ = await h.post(h.incoming.personal_message(AMIRA, "progress"))
    assert status in (200, 202)


async def test_a_body_that_is_not_json_does_not_crash_the_server(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    assert await post(h.origin, "/api/messages", "{not json") == 400
    assert await post(h.origin, "/api/messages", [1, 2]) == 400
    await h.install(AMIRA)
    assert h.teams.messages_in(personal_conversation_id(AMIRA.id))


async def test_an_invoke_nothing_handles_gets_a_friendly_answer_not_501(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    unknown = h.incoming.activity(
        "invoke", AMIRA, h.incoming.personal(AMIRA), name="composeExtension/query", value={}
    )
    status, body = await h.post(unknown)
    assert status == 200
    assert body["value"].startswith("That button no longer does anything.")

    old = h.incoming.card_action(AMIRA, "a_verb_from_an_old_card", {"action": "gone"})
    status, body = await h.post(old)
    assert status == 200
    assert "Exception" not in json.dumps(body)


def test_run_refuses_teams_without_its_secret_in_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in TEAMS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("TEAMS_TENANT_ID", TENANT)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'never.db'}")

    assert main(["run"]) == 2

    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if "TEAMS_" in line]
    assert problems == [
        "TEAMS_APP_PASSWORD: Teams is configured (TEAMS_APP_ID) without its client secret "
        "or TEAMS_CERTIFICATE_FILE, so it cannot sign in"
    ]
    assert not (tmp_path / "never.db").exists()  # refused before touching the database
