"""Questions relayed both ways on Teams: a leader's 1:1 chat with the bot on one side, a
reply chain in the moderators' channel on the other (issue 11, "The moderators' channel").

Each test drives the real app over HTTP with the activities Teams sends, against the fake
Bot Connector, and sends the outbox by hand. The fixture fails a test if anything the bot
sent broke Teams' rules (a card off the schema, an `<at>` without its mention, ...).
"""

from __future__ import annotations

import json

from bot.core.replies.questions import ANONYMOUS, MAY_PUBLISH
from tests.fakes.teams import TeamsCall, TeamsPerson
from tests.fakes.teams.activities import at
from tests.fakes.teams.people import personal_conversation_id
from tests.teams.conftest import AMIRA, BEN, COHORT, FATIMA, MODERATORS, TEAM, TeamsHarness
from tests.teams.question_steps import (
    ask,
    asked,
    button,
    card_of,
    card_threads,
    chat,
    in_thread,
    inputs,
    moderator_replies,
    moderators_channel_is_private,
    open_dialog,
    press,
    said_to,
    submit,
    thread_texts,
    titles,
)

QUESTION = "How do I choose a first measure?"
ANSWER = "Start from the decision it informs."
WITH_THE_MODERATORS = (
    "Your question Q-1 is with the moderators. "
    "Their answers will appear here, each with a Reply button."
)
FATIMAS_ANSWER = f"Fatima Ali (moderator) replied about Q-1: {ANSWER}"


async def test_a_typed_question_starts_a_reply_chain_for_the_moderators_and_tells_the_leader(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)

    await ask(h, AMIRA, QUESTION)

    [thread] = card_threads(h)
    card = card_of(thread)
    assert (card.text or "").startswith("Question Q-1 from Amira Khan, Camden Council (Open)")
    assert QUESTION in json.dumps(card.cards)
    assert titles(card) == ["Claim", "Mark answered", "Publish to cohort"]
    assert all(button(card, t)["type"] == "Action.Execute" for t in titles(card))
    [created] = h.teams.calls_to("create_conversation")
    assert created.conversation_id == thread.conversation_id, "a new conversation, not a post"
    assert said_to(h, AMIRA)[-2:] == [
        "Thank you. Your question is Q-1. I will send the answers to your messages with me.",
        WITH_THE_MODERATORS,
    ]


async def test_a_moderators_reply_in_the_chain_reaches_the_leader_with_reply_buttons(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    thread = await asked(h, AMIRA, QUESTION)

    await moderator_replies(h, FATIMA, thread, ANSWER)

    relayed = chat(h, AMIRA)[-1]
    assert relayed.text == FATIMAS_ANSWER
    assert titles(relayed) == ["That answers it", "Reply"]
    reply = button(relayed, "Reply")
    assert reply["type"] == "Action.Submit"
    assert reply["data"]["msteams"] == {"type": "task/fetch"}


async def test_the_leaders_reply_goes_through_a_dialog_to_the_moderators_chain(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    thread = await asked(h, AMIRA, QUESTION)
    await moderator_replies(h, FATIMA, thread, ANSWER)
    relayed = chat(h, AMIRA)[-1]

    dialog = await open_dialog(h, AMIRA, button(relayed, "Reply"))
    [field] = inputs(dialog)
    assert field["type"] == "Input.Text"
    again = await submit(h, AMIRA, dialog, **{field["id"]: "   "})
    assert again["task"]["type"] == "continue", "an empty reply is not sent"
    assert "Please write your reply." in json.dumps(again["task"]["value"]["card"])
    assert thread_texts(h, thread) == []

    closed = await submit(h, AMIRA, dialog, **{field["id"]: "And if there is no data yet?"})

    assert closed is None, "the dialog closes"
    assert thread_texts(h, thread) == ["Amira Khan wrote: And if there is no data yet?"]
    assert said_to(h, AMIRA)[-1] == "Sent to the moderators."


async def test_internal_notes_stay_with_the_moderators(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    await h.install(AMIRA)
    thread = await asked(h, AMIRA, QUESTION)
    before = said_to(h, AMIRA)

    await moderator_replies(h, FATIMA, thread, "(internal) Shall we ask Sam?")

    assert said_to(h, AMIRA) == before
    assert thread_texts(h, thread) == []


async def test_a_moderators_claim_updates_the_card_in_place(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    await h.install(AMIRA, FATIMA)
    thread = await asked(h, AMIRA, QUESTION)
    card = card_of(thread)

    status, _ = await press(h, FATIMA, button(card, "Claim"), in_thread(h, thread))

    assert status == 200
    [update] = h.teams.calls_to("update_activity")
    assert update.activity_id == card.id
    [first, claimed] = h.teams.history(card.id)
    assert "(Open)" in first["text"]
    assert claimed["text"].startswith("Question Q-1 from Amira Khan, Camden Council (Claimed by")
    assert "Claimed by Fatima Ali" in json.dumps(card_of(card_threads(h)[0]).cards)
    assert said_to(h, FATIMA)[-1] == "You have claimed Q-1. Reply in its thread to answer."


async def test_a_leader_cannot_claim_a_question(teams_harness: TeamsHarness) -> None:
    h = teams_harness
    moderators_channel_is_private(h)
    await h.install(AMIRA, BEN)
    thread = await asked(h, AMIRA, QUESTION)

    status, _ = await press(h, BEN, button(card_of(thread), "Claim"), in_thread(h, thread))

    assert status == 200
    assert h.teams.calls_to("update_activity") == []
    assert said_to(h, BEN)[-1] == "Only the cohort's moderators can do that."


async def test_a_leader_cannot_claim_even_when_the_moderators_channel_is_a_standard_one(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA, BEN)
    thread = await asked(h, AMIRA, QUESTION)

    await press(h, BEN, button(card_of(thread), "Claim"), in_thread(h, thread))

    assert h.teams.calls_to("update_activity") == []


# Anonymous means anonymous


def addressed_to(call: TeamsCall, person: TeamsPerson) -> bool:
    """A call that writes to the person's own 1:1 chat with the bot."""
    return call.conversation_id == personal_conversation_id(person.id)


def who_she_is(person: TeamsPerson) -> tuple[str, ...]:
    given, _, surname = person.name.partition(" ")
    return (person.id, person.aad, person.address, given, surname)


async def test_an_anonymous_askers_name_and_id_reach_no_one_but_her(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA, FATIMA)
    status, _ = await h.post(h.incoming.personal_message(AMIRA, "ask"))
    assert status in (200, 202)
    opener = chat(h, AMIRA)[-1]
    form = await open_dialog(h, AMIRA, button(opener, "Ask a question"))
    assert [field["id"] for field in inputs(form)] == ["question", "module", "options"]
    closed = await submit(h, AMIRA, form, question=QUESTION, options=f"{ANONYMOUS},{MAY_PUBLISH}")
    assert closed is None
    [thread] = card_threads(h)
    card = card_of(thread)
    assert (card.text or "").startswith("Question Q-1 from A leader (anonymous) (Open)")
    assert "moderators do not see your name" in json.dumps(chat(h, AMIRA)[-1].cards)

    await press(h, FATIMA, button(card, "Claim"), in_thread(h, thread))
    await moderator_replies(h, FATIMA, thread, ANSWER)
    answer = chat(h, AMIRA)[-1]
    assert answer.text == FATIMAS_ANSWER
    dialog = await open_dialog(h, AMIRA, button(answer, "Reply"))
    await submit(h, AMIRA, dialog, question="And if there is no data yet?")
    await press(h, AMIRA, button(answer, "That answers it"))
    await press(h, FATIMA, button(card_of(card_threads(h)[0]), "Publish to cohort"))

    assert thread_texts(h, thread) == [
        "Asker wrote: And if there is no data yet?",
        "The asker says Q-1 is answered. It is now resolved.",
    ]
    [published] = h.teams.threads(COHORT)
    assert ANSWER in json.dumps(card_of(published).cards)
    to_others = [call for call in h.teams.calls if not addressed_to(call, AMIRA)]
    assert {c.conversation_id for c in to_others} >= {
        thread.conversation_id,
        published.conversation_id,
        personal_conversation_id(FATIMA.id),
    }
    for call in to_others:
        sent = json.dumps(call.body, ensure_ascii=False).lower()
        for secret in (*who_she_is(AMIRA), "Camden"):  # her organisation too
            assert secret.lower() not in sent, f"{call.operation} names the asker: {sent[:300]}"


# Nothing relayed can mention anyone


async def test_mentions_in_a_question_and_a_reply_reach_the_other_side_as_plain_words(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    asking = h.incoming.personal_message(
        AMIRA, f"ask Should I ask {at(BEN)} first?", mentions=[BEN]
    )
    await h.post(asking)
    await h.settle()
    [thread] = card_threads(h)
    assert "Should I ask @Ben Adeyemi first?" in json.dumps(card_of(thread).cards)

    await moderator_replies(
        h, FATIMA, thread, f"Yes, {at(BEN)} did this in Hackney.", mentions=[BEN]
    )

    relayed = chat(h, AMIRA)[-1]
    assert (
        relayed.text
        == "Fatima Ali (moderator) replied about Q-1: Yes, @Ben Adeyemi did this in Hackney."
    )
    assert "Yes, @Ben Adeyemi did this in Hackney." in json.dumps(relayed.cards)
    for call in h.teams.calls:
        sent = json.dumps(call.body)
        assert "<at>" not in sent and '"type": "mention"' not in sent, (
            f"{call.operation}: {sent[:300]}"
        )


async def test_a_moderators_edit_in_the_chain_edits_the_leaders_copy(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    thread = await asked(h, AMIRA, QUESTION)
    reply = h.incoming.channel_message(
        FATIMA, ANSWER, channel_id=MODERATORS, team_id=TEAM, root_id=thread.root_id
    )
    await h.post(reply)
    await h.settle()
    copy = chat(h, AMIRA)[-1]

    better = "Start from the decision it informs, first."
    edited = {**reply, "type": "messageUpdate", "text": better}
    edited["channelData"] = {**reply["channelData"], "eventType": "editMessage"}
    await h.post(edited)
    await h.post(edited)  # Teams may deliver an update twice: it is carried once
    await h.settle()

    assert len(h.teams.history(copy.id)) == 2
    assert chat(h, AMIRA)[-1].text == f"Fatima Ali (moderator) replied about Q-1 (edited): {better}"
