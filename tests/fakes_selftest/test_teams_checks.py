"""What the fake Bot Connector refuses to let pass: bad cards, raw mentions, oversized messages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from microsoft_agents.activity import Activity, ConversationParameters
from microsoft_agents.hosting.core import CardFactory, MessageFactory, TeamsConnectorClient

from tests.fakes.teams.checks import activity_problems, card_validator
from tests.fakes.teams.connector import FakeTeamsConnector

CHAT = "a:amira"
MENTION = {
    "type": "mention",
    "text": "<at>Amira Khan</at>",
    "mentioned": {"id": "29:amira", "name": "Amira Khan"},
}


def card(*body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "version": "1.5", "body": list(body), **extra}


@pytest.fixture
async def client(fake_teams: FakeTeamsConnector) -> AsyncIterator[TeamsConnectorClient]:
    client = TeamsConnectorClient(fake_teams.url, "")
    yield client
    await client.close()


@pytest.fixture
def schema() -> None:
    if card_validator() is None:
        pytest.skip("../shared/adaptive-card-schema/ is absent: no schema to check cards with")


async def test_a_card_the_schema_rejects_is_recorded_as_a_problem(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient, schema: None
) -> None:
    broken = card({"type": "TextBlock"})  # a TextBlock needs its text
    message = MessageFactory.attachment(CardFactory.adaptive_card(broken), text="Module 3")
    await client.conversations.send_to_conversation(CHAT, message)
    [problem] = fake_teams.problems
    assert problem.startswith("send_to_conversation: attachments[0]: schema: $.body[0]")
    with pytest.raises(AssertionError, match="schema"):
        fake_teams.assert_no_problems()
    fake_teams.problems.clear()


async def test_a_raw_mention_in_relayed_text_is_recorded_as_a_problem(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    relayed = MessageFactory.text("From a leader: thanks <at>Amira Khan</at>")
    await client.conversations.send_to_conversation(CHAT, relayed)
    assert fake_teams.problems == [
        "send_to_conversation: text: <at>Amira Khan</at> with no mention entity;"
        " relayed text must not mention anyone"
    ]
    fake_teams.problems.clear()


def test_a_mention_with_its_entity_is_allowed() -> None:
    activity = {"type": "message", "text": "Welcome <at>Amira Khan</at>", "entities": [MENTION]}
    assert activity_problems(activity) == []


def test_a_raw_mention_inside_a_card_is_a_problem_unless_the_card_carries_its_entity(
    schema: None,
) -> None:
    text_block = {"type": "TextBlock", "text": "Hi <at>Amira Khan</at>"}
    bare = card(text_block)
    mentioned = card(text_block, msteams={"entities": [MENTION]})
    attach = CardFactory.adaptive_card
    problems = [
        activity_problems({"type": "message", "attachments": [attach(c).model_dump(by_alias=True)]})
        for c in (bare, mentioned)
    ]
    assert problems == [
        [
            "attachments[0].body[0].text: <at>Amira Khan</at> with no mention entity;"
            " relayed text must not mention anyone"
        ],
        [],
    ]


def test_only_messages_and_typing_may_be_sent() -> None:
    assert activity_problems({"type": "typing"}) == []
    assert activity_problems({"type": "event", "name": "x"}) == ["type: 'event', not a message"]


def test_a_message_over_28_kb_is_a_problem() -> None:
    [problem] = activity_problems({"type": "message", "text": "x" * 29_000})
    assert problem.startswith("size: 29") and problem.endswith("more than Teams' 28672")


async def test_the_first_activity_of_a_new_thread_is_checked_too(
    fake_teams: FakeTeamsConnector, client: TeamsConnectorClient
) -> None:
    params = ConversationParameters(
        is_group=True,
        channel_data={"channel": {"id": "19:moderators@thread.tacv2"}},
        activity=Activity(type="message", text="<at>Ben Hughes</at> asked"),
    )
    await client.conversations.create_conversation(params)
    assert [p.split(":")[0] for p in fake_teams.problems] == ["create_conversation"]
    fake_teams.problems.clear()
