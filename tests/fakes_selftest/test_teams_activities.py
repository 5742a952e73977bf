"""The incoming activities the fake builds are what the Agents SDK reads from Teams."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity

from tests.fakes.teams.activities import IncomingActivities, at
from tests.fakes.teams.people import TeamsBot, TeamsPerson

SERVICE_URL = "http://127.0.0.1:9/teams/"
TEAM = "19:camden-team@thread.tacv2"
MODS = "19:moderators@thread.tacv2"
AMIRA = TeamsPerson("29:amira", "Amira Khan")
BEN = TeamsPerson("29:ben", "Ben Hughes")
BOT = TeamsBot()
teams = IncomingActivities(SERVICE_URL)


def parsed(activity: dict[str, Any]) -> Activity:
    return Activity.model_validate(activity)


def test_a_personal_message_comes_from_the_person_to_the_bot_in_their_chat() -> None:
    message = parsed(teams.personal_message(AMIRA, "help"))
    reference = message.get_conversation_reference()
    assert (message.type, message.text, message.channel_id) == ("message", "help", "msteams")
    assert (reference.conversation.id, reference.conversation.conversation_type) == (
        "a:amira", "personal",
    )  # fmt: skip
    assert (reference.user.aad_object_id, reference.agent.id) == ("aad-amira", "28:bot-app-id")
    assert (reference.service_url, message.conversation.tenant_id) == (SERVICE_URL, "tenant-1")


def test_a_channel_root_names_its_thread_and_a_reply_lands_in_it() -> None:
    root = teams.channel_message(AMIRA, "A question", channel_id=MODS, team_id=TEAM)
    reply = teams.channel_message(
        BEN, "An answer", channel_id=MODS, team_id=TEAM, root_id=root["id"]
    )
    thread = f"{MODS};messageid={root['id']}"
    assert (root["conversation"]["id"], reply["conversation"]["id"]) == (thread, thread)
    assert (reply["replyToId"], reply["channelData"]["team"]["id"]) == (root["id"], TEAM)
    assert root["id"] != reply["id"]


def test_mentions_carry_their_entities_and_the_bots_own_is_among_them() -> None:
    text = f"{at(BOT)} please thank {at(AMIRA)}"
    message = parsed(
        teams.channel_message(BEN, text, channel_id=MODS, team_id=TEAM, mentions=[BOT, AMIRA])
    )
    assert message.is_recipient_mentioned()
    others = [(m.mentioned.id, m.text) for m in message.get_mentions() if m.mentioned.id != BOT.id]
    assert others == [("29:amira", "<at>Amira Khan</at>")]


def test_installs_in_a_chat_and_in_a_team_add_the_bot() -> None:
    personal = parsed(teams.personal_install(AMIRA))
    team = parsed(teams.team_install(AMIRA, TEAM))
    assert [m.id for m in personal.members_added] == [m.id for m in team.members_added] == [BOT.id]
    assert team.conversation.id == TEAM and team.conversation.conversation_type == "channel"
    assert team.channel_data["eventType"] == "teamMemberAdded"
    assert team.channel_data["team"]["id"] == TEAM
    removed = parsed(teams.installation_update(AMIRA, "remove"))
    assert (removed.type, removed.action) == ("installationUpdate", "remove")


def test_card_buttons_and_dialogs_arrive_as_invokes() -> None:
    vote = parsed(teams.card_action(AMIRA, "checkin", {"module": 3}))
    fetch = parsed(teams.task_fetch(AMIRA, {"verb": "reflect"}))
    submit = parsed(teams.task_submit(AMIRA, {"verb": "reflect", "text": "Useful"}))
    assert (vote.type, vote.name, vote.value["action"]) == (
        "invoke", "adaptiveCard/action",
        {"type": "Action.Execute", "verb": "checkin", "data": {"module": 3}},
    )  # fmt: skip
    assert (fetch.name, fetch.value["data"]) == ("task/fetch", {"verb": "reflect"})
    assert (submit.name, submit.value["data"]["text"]) == ("task/submit", "Useful")
