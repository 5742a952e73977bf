"""The fake Bot Connector, driven by the Agents SDK's own client: threads, updates, rosters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from microsoft_agents.activity import Activity, ChannelAccount, ConversationParameters
from microsoft_agents.hosting.core import CardFactory, MessageFactory, TeamsConnectorClient

from tests.fakes.teams.connector import FakeTeamsConnector
from tests.fakes.teams.people import TeamsBot, TeamsPerson

TEAM = "19:camden-team@thread.tacv2"
MODS = "19:moderators@thread.tacv2"
AMIRA = TeamsPerson("29:amira", "Amira Khan")
BEN = TeamsPerson("29:ben", "Ben Hughes")
CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [{"type": "TextBlock", "text": "Module 3 is open", "wrap": True}],
    "actions": [{"type": "Action.Execute", "title": "Check in", "verb": "checkin"}],
}


@pytest.fixture
async def client(fake_teams: FakeTeamsConnector) -> AsyncIterator[TeamsConnectorClient]:
    """The SDK's Teams client in anonymous mode (no token), pointed at the fake."""
    fake_teams.add_members(TEAM, AMIRA, BEN)
    fake_teams.add_channel(MODS, TEAM)
    client = TeamsConnectorClient(fake_teams.url, "")
    yield client
    await client.close()


def new_thread(text: str) -> ConversationParameters:
    return ConversationParameters(
        is_group=True,
        agent=ChannelAccount(**TeamsBot().to_account()),
        tenant_id="tenant-1",
        channel_data={"channel": {"id": MODS}},
        activity=MessageFactory.text(text),
    )


async def test_a_new_thread_in_a_channel_is_named_after_its_root_and_takes_replies(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    created = await client.conversations.create_conversation(new_thread("New question"))
    assert created.id == f"{MODS};messageid={created.activity_id}"
    assert created.service_url == fake_teams.url
    reply = MessageFactory.text("Thanks, a moderator will answer")
    answered = await client.conversations.reply_to_activity(created.id, created.activity_id, reply)
    [thread] = fake_teams.threads(MODS)
    assert thread.conversation_id == created.id
    assert thread.root is not None and thread.root.text == "New question"
    assert [(r.id, r.text, r.reply_to_id) for r in thread.replies] == [
        (answered.id, "Thanks, a moderator will answer", created.activity_id)
    ]
    [call] = fake_teams.calls_to("reply_to_activity", created.id)
    assert (call.path, call.authorization) == (
        f"v3/conversations/{created.id}/activities/{created.activity_id}",
        None,
    )


async def test_a_one_to_one_chat_is_created_with_the_persons_chat_id(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    params = ConversationParameters(
        is_group=False,
        agent=ChannelAccount(**TeamsBot().to_account()),
        members=[ChannelAccount(id=AMIRA.id)],
        tenant_id="tenant-1",
        activity=MessageFactory.text("Welcome to the cohort"),
    )
    created = await client.conversations.create_conversation(params)
    assert created.id == "a:amira"
    assert [m.text for m in fake_teams.messages_in("a:amira")] == ["Welcome to the cohort"]


async def test_an_update_keeps_every_version_and_a_delete_hides_the_message(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    card = MessageFactory.attachment(CardFactory.adaptive_card(CARD), text="Module 3 is open")
    sent = await client.conversations.send_to_conversation("a:amira", card)
    changed = MessageFactory.text("Checked in: module 3")
    await client.conversations.update_activity("a:amira", sent.id, changed)
    [shown] = fake_teams.messages_in("a:amira")
    assert (shown.id, shown.text, shown.versions, shown.cards) == (
        sent.id, "Checked in: module 3", 2, [],
    )  # fmt: skip
    assert [v.get("text") for v in fake_teams.history(sent.id)] == [
        "Module 3 is open",
        "Checked in: module 3",
    ]
    assert fake_teams.history(sent.id)[0]["attachments"][0]["content"] == CARD
    await client.conversations.delete_activity("a:amira", sent.id)
    assert fake_teams.messages_in("a:amira") == []


async def test_updating_an_activity_the_connector_never_saw_is_not_found(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await client.conversations.update_activity("a:amira", "act-99", Activity(type="message"))
    assert raised.value.status == 404
    assert fake_teams.calls_to("update_activity")[0].status == 404


async def test_members_of_a_channel_thread_are_its_teams_roster(
    client: TeamsConnectorClient,
) -> None:
    members = await client.conversations.get_conversation_members(f"{MODS};messageid=act-1")
    assert [(m.id, m.name, m.aad_object_id) for m in members] == [
        ("29:amira", "Amira Khan", "aad-amira"),
        ("29:ben", "Ben Hughes", "aad-ben"),
    ]
    assert members[0].model_extra["email"] == "amira.khan@example.org"
    ben = await client.get_conversation_member(TEAM, "29:ben")
    assert (ben.user_principal_name, ben.given_name, ben.surname) == (
        "ben.hughes@example.org", "Ben", "Hughes",
    )  # fmt: skip


async def test_paged_members_come_a_page_at_a_time_under_either_spelling_of_the_path(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    first = await client.get_conversation_paged_member(TEAM, 1, "")
    assert [m.email for m in first.members] == ["amira.khan@example.org"]
    second = await client.conversations.get_conversation_paged_members(
        TEAM, 1, first.continuation_token
    )
    assert ([m.id for m in second.members], second.continuation_token) == (["29:ben"], None)
    assert [call.path.rsplit("/", 1)[1] for call in fake_teams.calls] == [
        "pagedMembers",
        "pagedmembers",
    ]


async def test_the_roster_of_an_unknown_conversation_is_not_found(
    client: TeamsConnectorClient,
) -> None:
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await client.conversations.get_conversation_members("19:elsewhere@thread.tacv2")
    assert raised.value.status == 404


async def test_plain_http_is_recorded_with_its_bearer_token_and_ids_kept_raw(
    fake_teams: FakeTeamsConnector,
) -> None:
    url = f"{fake_teams.url}V3/Conversations/{MODS};messageid=root-1/Activities/root-1"
    headers = {"Authorization": "Bearer fake-bot-token"}
    async with aiohttp.ClientSession() as session:
        body = {"type": "message", "text": "Noted"}
        async with session.post(url, json=body, headers=headers) as response:
            assert (response.status, await response.json()) == (201, {"id": "act-1"})
    [call] = fake_teams.calls
    assert (call.operation, call.conversation_id, call.activity_id, call.authorization) == (
        "reply_to_activity", f"{MODS};messageid=root-1", "root-1", "Bearer fake-bot-token",
    )  # fmt: skip
    [thread] = fake_teams.threads(MODS)
    assert (thread.root_id, thread.root, [r.text for r in thread.replies]) == (
        "root-1", None, ["Noted"],
    )  # fmt: skip


async def test_a_path_teams_does_not_serve_is_a_problem(fake_teams: FakeTeamsConnector) -> None:
    url = f"{fake_teams.url}v3/teams/{TEAM}/channels"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 404
    assert fake_teams.problems == [f"unknown: GET v3/teams/{TEAM}/channels"]
    fake_teams.problems.clear()
