"""Leaders on Teams: the welcome once they have the app, commands typed as words in their
chat with the bot, and answers as Adaptive Cards."""

from __future__ import annotations

import json

from tests.fakes.teams.people import personal_conversation_id
from tests.teams.conftest import AMIRA, BEN, TeamsHarness


def texts(h: TeamsHarness, person_id: str) -> list[str]:
    return [m.text or "" for m in h.teams.messages_in(personal_conversation_id(person_id))]


async def test_the_welcome_waits_until_the_leader_has_the_app(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    await h.settle()
    assert texts(h, AMIRA.id) == []

    await h.install(AMIRA)

    [welcome] = h.teams.messages_in(personal_conversation_id(AMIRA.id))
    assert (welcome.text or "").startswith("Welcome to Teams cohort")
    card = json.dumps(welcome.cards)
    assert "checkin" in card and "/checkin" not in card


async def test_a_leader_checks_in_by_typing_words_and_sees_a_card(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)

    status, _ = await h.post(h.incoming.personal_message(AMIRA, "checkin 1-3"))

    assert status in (200, 202)
    answer = texts(h, AMIRA.id)[-1]
    assert answer.startswith("Done: modules 1, 2 and 3.")
    [posted] = h.teams.messages_in(personal_conversation_id(AMIRA.id))[-1:]
    assert posted.cards, "the answer is an Adaptive Card"


async def test_a_leading_slash_and_help_work_too(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    await h.install(BEN)

    await h.post(h.incoming.personal_message(BEN, "/progress"))
    await h.post(h.incoming.personal_message(BEN, "help"))

    progress, help_text = texts(h, BEN.id)[-2:]
    assert progress.startswith("You have done 0 of 32 modules.")
    assert "progress plan:" in help_text and "/progress" not in help_text


async def test_prose_to_the_bot_becomes_a_draft_question(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    await h.install(AMIRA)

    await h.post(h.incoming.personal_message(AMIRA, "How do I pick a first measure?"))
    await h.settle()

    draft = h.teams.messages_in(personal_conversation_id(AMIRA.id))[-1]
    assert draft.text == "Shall I send this to the moderators as a question?"
    card = json.dumps(draft.cards)
    assert "How do I pick a first measure?" in card and "Send anonymously" in card
