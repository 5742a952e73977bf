"""Files on Teams: a bot cannot attach a file to a Teams message, so the card links to
the file on the bot (`GET /files/<token>`), which keeps it for DOWNLOAD_LINK_DAYS."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from scheduler.planner import plan
from tests.fakes.teams.people import personal_conversation_id
from tests.fakes.teams.views import Posted
from tests.teams.conftest import AMIRA, TeamsHarness

PUBLIC_URL = "https://facilitator.example.org"


@pytest.fixture
def teams_settings() -> dict[str, object]:
    return {"public_url": PUBLIC_URL, "download_link_days": 7}


def download_links(posted: Posted) -> list[str]:
    """The url of every Action.OpenUrl in the message's cards."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") == "Action.OpenUrl":
                found.append(value["url"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(posted.cards)
    return found


async def fetch(h: TeamsHarness, link: str) -> tuple[int, dict[str, str], bytes]:
    """GET the link's path from the app under test (its public address is not ours)."""
    assert link.startswith(f"{PUBLIC_URL}/files/")
    async with (
        aiohttp.ClientSession() as session,
        session.get(h.origin + urlsplit(link).path) as response,
    ):
        return response.status, dict(response.headers), await response.read()


async def ask_for_my_data(h: TeamsHarness) -> None:
    await h.install(AMIRA)
    status, _ = await h.post(h.incoming.personal_message(AMIRA, "progress my-data"))
    assert status in (200, 202)


def my_data_message(h: TeamsHarness) -> Posted:
    [file] = [
        m for m in h.teams.messages_in(personal_conversation_id(AMIRA.id)) if download_links(m)
    ]
    return file


async def test_my_data_arrives_as_a_link_that_downloads_the_json_file(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await ask_for_my_data(h)
    await h.settle()

    message = my_data_message(h)
    [link] = download_links(message)
    name = "facilitator-my-data-2027-01-13.json"
    assert f"Download {name} (link works for 7 days)" in json.dumps(message.cards)
    assert link in (message.text or "")  # the text fallback has the link too
    assert "cannot be sent" not in (message.text or "")
    status, headers, body = await fetch(h, link)
    assert status == 200
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Content-Disposition"].startswith(f'attachment; filename="{name}"')
    assert headers["Cache-Control"] == "private, no-store"
    document = json.loads(body)
    assert document["you"]["display_name"] == "Amira Khan"
    h.teams.assert_no_problems()  # every card valid against the Adaptive Card schema


async def test_an_expired_or_unknown_link_is_404_in_plain_words_and_the_sweep_deletes_it(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await ask_for_my_data(h)
    await h.settle()
    [link] = download_links(my_data_message(h))
    token = urlsplit(link).path.rsplit("/", 1)[1]

    h.clock.advance(timedelta(days=7))
    status, headers, body = await fetch(h, link)
    assert status == 404 and headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("This download link is not known or has expired.")
    for unknown in ("x" * 43, "..%2F..%2Fetc%2Fpasswd", token[:-1]):
        assert (await fetch(h, f"{PUBLIC_URL}/files/{unknown}"))[0] == 404
    async with aiohttp.ClientSession() as session, session.get(f"{h.origin}/files/") as listing:
        assert listing.status == 404  # no listing

    services = h.bot.core.services
    jobs = plan(services.outbox, services.rhythm, 5, services.downloads)
    [sweep] = [job for job in jobs if job.id == "outbox-sweep"]
    await sweep.run()
    async with services.ctx.uow() as uow:
        assert await uow.downloads.get(token, h.clock.now() - timedelta(days=7)) is None


async def test_a_retried_send_links_to_the_same_download(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    await ask_for_my_data(h)
    # Teams keeps the message but its answer is lost: the outbox sends it again.
    h.teams.fail_next(status=502, method="POST", path="activities", accepted=True)
    await h.settle()
    h.clock.advance(timedelta(seconds=10))
    await h.settle()

    sent = [m for m in h.teams.messages_in(personal_conversation_id(AMIRA.id)) if download_links(m)]
    assert len(sent) == 2
    first, second = (download_links(m) for m in sent)
    assert first == second
    assert (await fetch(h, first[0]))[0] == 200


@pytest.mark.parametrize("teams_settings", [{}])
async def test_without_a_public_address_the_file_is_named_and_left_out(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await ask_for_my_data(h)
    await h.settle()

    last = h.teams.messages_in(personal_conversation_id(AMIRA.id))[-1]
    assert download_links(last) == []
    assert "cannot be sent in Teams yet" in (last.text or "")
