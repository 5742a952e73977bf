"""A reflection-session poll on Teams: started from the coordinators' channel, voted on
with Action.Execute buttons, closed, and confirmed through a dialog."""

from __future__ import annotations

from typing import Any

from tests.fakes.teams.activities import at as mention_of
from tests.fakes.teams.people import TeamsBot
from tests.teams.conftest import COORDINATORS, SAM, TEAM, TeamsHarness
from tests.teams.steps import button, chat, open_dialog

BOT = TeamsBot()


async def say_in_coordinators(h: TeamsHarness, words: str) -> Any:
    status, body = await h.post(
        h.incoming.channel_message(
            SAM, f"{mention_of(BOT)} {words}", channel_id=COORDINATORS, team_id=TEAM,
            mentions=[BOT],
        )
    )  # fmt: skip
    assert status in (200, 202), body
    await h.settle()
    return body


async def test_cohort_poll_typed_in_the_coordinators_channel_opens_in_the_coordinators_chat(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM)

    await say_in_coordinators(h, "cohort poll")

    # Teams cannot show one person alone anything in a channel: the form's opener goes to
    # the coordinator's chat with the bot, and the channel shows nothing.
    assert h.teams.threads(COORDINATORS) == []
    [opener] = chat(h, SAM)[-1:]
    assert opener.text == "Press Reflection session poll to fill it in."
    form = await open_dialog(h, SAM, button(opener, "Reflection session poll"))
    assert form["title"] == "Reflection session poll"
    h.teams.assert_no_problems()
