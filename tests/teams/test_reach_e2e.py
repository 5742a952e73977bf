"""On Teams the bot may write only to people who have the app: a coordinator's
`cohort status` says who cannot be reached yet, and what to do."""

from __future__ import annotations

import json

from handlers.teams.platform import REACH_ADVICE
from tests.fakes.teams.activities import at
from tests.fakes.teams.people import personal_conversation_id
from tests.teams.conftest import AMIRA, COORDINATORS, SAM, TEAM, TeamsHarness


async def test_status_in_the_coordinators_channel_names_who_cannot_be_reached(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM, AMIRA)
    bot = h.incoming.bot

    status, _ = await h.post(
        h.incoming.channel_message(
            SAM,
            f"{at(bot)} cohort status",
            channel_id=COORDINATORS,
            team_id=TEAM,
            mentions=[bot],
        )
    )
    await h.settle()

    assert status in (200, 202)
    assert h.teams.threads(COORDINATORS) == [], "the answer is not posted in the channel"
    [answer] = h.teams.messages_in(personal_conversation_id(SAM.id))[-1:]
    # Fatima, in the team's roster, is reached through the team; Ben is in no team.
    assert (answer.text or "").endswith("1 person cannot be reached yet.")
    texts = [block.get("text", "") for block in answer.cards[0]["body"]]
    heading = texts.index("Cannot be reached yet")
    lead, listed, advice = texts[heading + 1 : heading + 4]
    assert lead.startswith("The bot cannot write to 1 person yet")
    assert [line for line in listed.split("\n") if line] == ["Ben Adeyemi \\(leader\\)"]
    assert advice == REACH_ADVICE
    assert "Amira Khan" not in json.dumps(answer.cards)
