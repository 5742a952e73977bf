"""The fake Bot Connector's failures: programmed errors, lost answers and Teams' rate limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable

import aiohttp
import pytest
from microsoft_agents.hosting.core import MessageFactory, TeamsConnectorClient

from tests.fakes.teams.connector import FakeTeamsConnector
from tests.fakes.teams.limits import TeamsRateLimits

CHAT = "a:amira"


class Seconds:
    """A monotonic clock that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(fake_teams: FakeTeamsConnector) -> AsyncIterator[TeamsConnectorClient]:
    client = TeamsConnectorClient(fake_teams.url, "")
    yield client
    await client.close()


@pytest.fixture
def seconds(fake_teams: FakeTeamsConnector) -> Seconds:
    """Turn Teams' limits on, on a clock the test moves."""
    clock = Seconds()
    fake_teams.rate_limits = TeamsRateLimits(now=clock)
    return clock


async def refused(call: Awaitable[object]) -> aiohttp.ClientResponseError:
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await call
    return raised.value


def send(client: TeamsConnectorClient, text: str, chat: str = CHAT) -> Awaitable[object]:
    return client.conversations.send_to_conversation(chat, MessageFactory.text(text))


async def test_a_429_raises_the_sdks_error_carrying_retry_after(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    fake_teams.fail_next(1, status=429, retry_after=7)
    error = await refused(send(client, "Reminder"))
    assert (error.status, error.headers and error.headers["Retry-After"]) == (429, "7")
    assert "TooManyRequests" in error.message
    await send(client, "Reminder")
    assert [call.status for call in fake_teams.calls] == [429, 201]
    assert [m.text for m in fake_teams.messages_in(CHAT)] == ["Reminder"]


@pytest.mark.parametrize("status", [412, 500, 502, 504])
async def test_a_programmed_error_fails_only_matching_requests(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient, status: int
) -> None:
    fake_teams.fail_next(1, status=status, method="PUT", path="/activities/")
    sent = await client.conversations.send_to_conversation(CHAT, MessageFactory.text("One"))
    error = await refused(
        client.conversations.update_activity(CHAT, sent.id, MessageFactory.text("Two"))
    )
    assert (error.status, error.headers and error.headers.get("Retry-After")) == (status, None)
    await client.conversations.update_activity(CHAT, sent.id, MessageFactory.text("Two"))
    assert [call.status for call in fake_teams.calls] == [201, status, 200]


async def test_an_accepted_send_answered_500_is_stored_all_the_same(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    fake_teams.fail_next(1, status=500, accepted=True)
    assert (await refused(send(client, "Only once, please"))).status == 500
    assert [m.text for m in fake_teams.messages_in(CHAT)] == ["Only once, please"]


async def test_one_conversation_gets_seven_messages_a_second_and_eight_in_two(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient, seconds: Seconds
) -> None:
    for n in range(7):
        await send(client, f"Nudge {n}")
    error = await refused(send(client, "One too many"))
    assert (error.status, error.headers and error.headers["Retry-After"]) == (429, "1")
    await send(client, "Another chat is free", chat="a:ben")
    seconds.now += 1.0
    await send(client, "The eighth in two seconds")
    assert (await refused(send(client, "The ninth in two seconds"))).status == 429
    seconds.now += 1.0
    await send(client, "Two seconds later")
    assert (fake_teams.throttled, fake_teams.rate_limits and fake_teams.rate_limits.refused) == (
        2,
        2,
    )


async def test_sixty_messages_in_thirty_seconds_make_the_next_wait(
    client: TeamsConnectorClient, seconds: Seconds
) -> None:
    for n in range(60):
        await send(client, f"Nudge {n}")
        seconds.now += 0.25  # four a second: under the per-second limits
    error = await refused(send(client, "The 61st"))
    assert error.headers is not None and error.headers["Retry-After"] == "15"


async def test_the_app_may_make_fifty_requests_a_second_across_conversations(
    client: TeamsConnectorClient, seconds: Seconds
) -> None:
    for n in range(50):
        await send(client, "Hello", chat=f"a:person-{n}")
    error = await refused(client.conversations.get_conversation_members("a:person-1"))
    assert (error.status, error.headers and error.headers["Retry-After"]) == (429, "1")
    seconds.now += 1
    await send(client, "Hello", chat="a:person-50")


async def test_without_limits_nothing_is_refused(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    for n in range(20):
        await send(client, f"Nudge {n}")
    assert fake_teams.throttled == 0
