"""Installed in a team, the bot may write first to anyone in the team's roster: it opens
the one-to-one chat itself on the first message."""

from __future__ import annotations

from tests.fakes.teams.people import personal_conversation_id
from tests.teams.conftest import AMIRA, BEN, TEAM, TeamsHarness


async def test_a_leader_in_the_team_gets_their_welcome_without_opening_the_bot(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    h.teams.add_members(TEAM, AMIRA)
    await h.post(h.incoming.team_install(AMIRA, TEAM))  # the app added to the team again
    await h.settle()

    [welcome] = h.teams.messages_in(personal_conversation_id(AMIRA.id))
    assert (welcome.text or "").startswith("Welcome to Teams cohort")
    opened = [c for c in h.teams.calls_to("create_conversation") if c.body.get("members")]
    assert [c.body["members"][0]["id"] for c in opened] == [AMIRA.id]

    await h.post(h.incoming.personal_message(AMIRA, "progress"))  # she answers in that chat
    await h.bot.core.services.rhythm.run_due()
    await h.settle()
    again = [c for c in h.teams.calls_to("create_conversation") if c.body.get("members")]
    assert len(again) == 1, "the chat is opened once; its reference is kept"


async def test_someone_outside_the_team_still_waits_until_they_open_the_bot(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.settle()

    assert h.teams.messages_in(personal_conversation_id(BEN.id)) == []
    await h.install(BEN)
    assert len(h.teams.messages_in(personal_conversation_id(BEN.id))) == 1
