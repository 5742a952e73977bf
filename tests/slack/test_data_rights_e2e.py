"""Leaders' data rights through signed Slack requests: a copy of their data, and erasure."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.model import Actor
from bot.core.outgoing import Attachment
from bot.core.personal_data import EMAIL_REMOVED, FORMER_PARTICIPANT
from bot.core.replies.data_rights import FORGET_ME, KEEP_MY_DATA
from storage.orm import AuditRow
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, Harness
from tests.slack.coordinator_steps import show_privately
from tests.slack.question_steps import asked, settle, updates
from tests.slack.test_commands_e2e import done_modules, reply_to
from tests.storage.test_personal_data import holding

# The tests send the outbox themselves, so each send happens at a known point.
pytestmark = pytest.mark.manual_outbox

FILENAME = "facilitator-my-data-2027-01-13.json"
COHORT_CHANNEL = "C0COHORT01"
NOTHING_HELD = "I hold no data about you."


async def press_in_reply(
    h: Harness, user: str, reply: dict[str, Any], action: str, value: str | None = None
) -> dict[str, Any]:
    """Click a button of a private reply to a command, as Slack shows it to that person;
    the private answer."""
    ts = show_privately(h, user, reply)
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.click(user, action, value, channel_id="D" + user, message_ts=ts)
    assert response.status == 200
    calls = await h.api.wait_for("response_url", count=before + 1)
    await settle(h)
    answer: dict[str, Any] = calls[-1].args
    return answer


async def uploaded_json(h: Harness) -> dict[str, Any]:
    [uploaded] = h.api.calls_to("file_upload")
    content = h.api.workspace.uploads[uploaded.target]["content"]
    document: dict[str, Any] = json.loads(content.decode("utf-8"))
    return document


async def forget_me_actions(h: Harness) -> list[tuple[int | None, int | None, object]]:
    async with h.bot.core.engine.connect() as connection:
        rows = await connection.execute(
            select(AuditRow.actor_person_id, AuditRow.cohort_id, AuditRow.details).where(
                AuditRow.action == "forget-me"
            )
        )
        return [tuple(row) for row in rows]


async def test_my_data_arrives_as_a_json_file_of_everything_held_about_the_leader(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-3", AMIRA)
    await reply_to(h, "/checkin", "1", BEN)
    await reply_to(h, "/progress", "remind thursday 08:30", AMIRA)
    await asked(h, AMIRA, "Where do I find the template?")
    reply = await reply_to(h, "/progress", "my-data", AMIRA)
    assert reply["text"] == (
        f"I have sent you the file {FILENAME} in a direct message. "
        "It has everything I hold about you."
    )
    await settle(h)
    [shared] = h.api.workspace.shared_files
    assert shared["channel"] == "D" + AMIRA
    assert shared["initial_comment"] == (
        "Everything Facilitator holds about you, on Wednesday 13 January 2027."
    )
    [asked_for] = h.api.calls_to("files.getUploadURLExternal")
    assert asked_for.args["filename"] == FILENAME
    document = await uploaded_json(h)
    assert document["you"] == {
        "platform": "slack",
        "platform_user_id": AMIRA,
        "display_name": "Amira Khan",
        "organisation": "camden",
        "seniority": "director",
        "time_zone": None,
    }
    [enrolment] = document["enrolments"]
    assert enrolment["cohort"] == "Test cohort" and enrolment["status"] == "active"
    assert enrolment["weekly_message_day"] == "Thursday"
    assert [m["module"] for m in enrolment["modules_done"]] == [
        "1. Data and better decisions",
        "2. What counts as data in a council",
        "3. Data as a shared asset",
    ]
    [question] = document["questions_you_asked"]
    assert question["text"] == "Where do I find the template?"
    messages = [m["message"] for m in document["messages_to_you"]]
    async with h.bot.core.services.ctx.uow() as uow:
        amira, ben = [await uow.people.find("slack", user) for user in (AMIRA, BEN)]
    assert amira is not None and ben is not None
    assert f"welcome:1:{amira.id}" in messages and "question-asked:1" in messages
    assert f"welcome:1:{ben.id}" not in messages  # nobody else's
    assert "Ben" not in json.dumps(document)
    # Once sent, the outbox keeps the file's name, not its content.
    async with h.bot.core.services.ctx.uow() as uow:
        keys = await uow.deliveries.keys_starting("my-data:")
        [stored] = [await uow.deliveries.get(k) for k in keys]
    assert stored is not None and stored.outgoing.attachment == Attachment(FILENAME, FILENAME, "")


async def test_someone_the_bot_does_not_know_is_told_it_holds_nothing(harness: Harness) -> None:
    h = harness
    for text in ("my-data", "forget-me"):
        reply = await reply_to(h, "/progress", text, FATIMA)
        assert reply["text"] == NOTHING_HELD
    await settle(h)
    assert h.api.calls_to("file_upload") == []


async def test_keep_my_data_changes_nothing(harness: Harness) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-3", AMIRA)
    prompt = await reply_to(h, "/progress", "forget-me", AMIRA)
    assert prompt["text"].startswith("Delete everything I hold about you?")
    shown = str(prompt["blocks"])
    assert "Yes, delete my data" in shown and "Keep my data" in shown
    await settle(h)
    before = await holding(h.bot.core.engine, "Amira Khan", AMIRA)
    answer = await press_in_reply(h, AMIRA, prompt, KEEP_MY_DATA)
    assert answer["text"] == "Nothing has changed: I have kept your data as it was."
    assert answer["response_type"] == "ephemeral"
    assert await holding(h.bot.core.engine, "Amira Khan", AMIRA) == before
    assert await done_modules(h, AMIRA) == 3
    assert await forget_me_actions(h) == []


async def test_forget_me_erases_the_leader_and_a_second_confirmation_does_nothing_more(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1-5", AMIRA)
    await reply_to(h, "/checkin", "2", BEN)
    card, root = await asked(h, AMIRA, "How do I start a data strategy?")
    assert "Amira Khan" in str(card["blocks"])
    await h.slack.direct_message(
        AMIRA, "Thanks, Amira here again. Copy jo.bloggs@camden.gov.uk", thread_ts=root["ts"]
    )
    await h.slack.channel_message(
        FATIMA, MODERATORS, f"Start small, Amira Khan (Amira, <@{AMIRA}>).", card["ts"]
    )
    await settle(h)
    await h.slack.direct_message(AMIRA, "Is there a course on this?")  # offered as a draft
    await settle(h)
    assert await holding(h.bot.core.engine, "Amira Khan", AMIRA)
    updated_before = len(await updates(h))

    prompt = await reply_to(h, "/progress", "forget-me", AMIRA)
    answer = await press_in_reply(h, AMIRA, prompt, FORGET_ME)
    assert answer["text"].startswith(
        "Done. I have deleted your data and no longer know who you are."
    )
    assert await holding(h.bot.core.engine, "Amira", AMIRA, "jo.bloggs") == []
    async with h.bot.core.services.ctx.uow() as uow:
        assert await uow.people.find("slack", AMIRA) is None
        [question] = await uow.questions.for_cohort(1)
        assert question.anonymous and question.text == "How do I start a data strategy?"
        asker = await uow.people.get(question.asker_id)
        assert asker is not None and asker.display_name == FORMER_PARTICIPANT
        posts = await uow.questions.posts([1])
        assert asker.platform_user_id.startswith("forgotten-")
        # The two were written at the same moment and handled after Slack's ack, in
        # either order.
        assert sorted(p.text for p in posts) == [
            f"Start small, {FORMER_PARTICIPANT} ({FORMER_PARTICIPANT}, @{asker.platform_user_id}).",
            f"Thanks, {FORMER_PARTICIPANT} here again. Copy {EMAIL_REMOVED}",
        ]
    [(actor, cohort_id, details)] = await forget_me_actions(h)
    assert (actor, cohort_id, details) == (None, 1, {})
    # The moderators' card and the relayed reply no longer name her.
    changed = (await updates(h))[updated_before:]
    assert any("A leader (anonymous)" in str(c.args["blocks"]) for c in changed)
    assert any(c.args["text"].startswith("Asker wrote:") for c in changed)
    assert not any("Amira" in str(c.args) for c in changed)
    # Ben keeps his progress.
    assert await done_modules(h, BEN) == 1
    # A moderator's later reply goes nowhere, is not kept, and the thread says so.
    sent_before = len(h.api.calls_to("chat.postMessage"))
    await h.slack.channel_message(FATIMA, MODERATORS, "Anything else, Amira?", card["ts"])
    await settle(h)
    [told] = h.api.calls_to("chat.postMessage")[sent_before:]
    assert (told.args["channel"], told.args["thread_ts"]) == (MODERATORS, card["ts"])
    assert told.args["text"] == (
        "The asker of Q-1 has deleted their data, so your reply was not sent."
    )
    assert await holding(h.bot.core.engine, "Amira") == []

    again = await press_in_reply(h, AMIRA, prompt, FORGET_ME)
    assert again["text"] == "There is nothing more to delete: I hold no data about you."
    assert len(await forget_me_actions(h)) == 1
    mine = await reply_to(h, "/progress", "my-data", AMIRA)
    assert mine["text"] == NOTHING_HELD
    assert (await h.bot.core.services.progress.progress(Actor("slack", AMIRA))).text.startswith(
        "You are not enrolled"
    )
    h.api.assert_no_problems()


async def test_a_button_from_another_person_or_an_older_record_erases_nobody(
    harness: Harness,
) -> None:
    h = harness
    await reply_to(h, "/checkin", "1", BEN)
    prompt = await reply_to(h, "/progress", "forget-me", AMIRA)
    amira_id = prompt["blocks"][2]["elements"][0]["value"]
    # A crafted request: Ben sends the value of Amira's button as his own click.
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.block_action(BEN, FORGET_ME, amira_id, message_ts=h.slack.ws.next_ts())
    assert response.status == 200
    [*_, answer] = await h.api.wait_for("response_url", count=before + 1)
    assert answer.args["text"] == (
        "That button belongs to an earlier request. Type /progress forget-me again."
    )
    assert await done_modules(h, BEN) == 1
    async with h.bot.core.services.ctx.uow() as uow:
        assert await uow.people.find("slack", AMIRA) is not None
        assert await uow.people.find("slack", BEN) is not None


async def test_a_shared_reflection_is_taken_out_of_the_cohort_channel(harness: Harness) -> None:
    h = harness
    h.api.add_channel(COHORT_CHANNEL, "data-master-class")
    await reply_to(h, "/checkin", "1-5", AMIRA)  # the first week of her plan
    await settle(h)
    [offer] = [
        m
        for m in h.slack.ws.messages_in("D" + AMIRA)
        if m["text"].startswith("You have finished the modules")
    ]
    await h.slack.click(AMIRA, "reflection_open", channel_id="D" + AMIRA, message_ts=offer["ts"])
    await h.api.wait_for("views.open")
    view = h.slack.ws.open_modal(AMIRA)
    assert view is not None
    answer = {"answer": "I will ask who opens our dashboards.", "share": "cohort"}
    await h.slack.submit(AMIRA, answer, view_id=view["id"])
    await settle(h)
    [posted] = [m for m in h.slack.ws.messages_in(COHORT_CHANNEL) if "dashboards" in str(m)]
    assert posted["text"].startswith("Amira Khan shared a reflection")

    prompt = await reply_to(h, "/progress", "forget-me", AMIRA)
    await press_in_reply(h, AMIRA, prompt, FORGET_ME)

    [now] = [m for m in h.slack.ws.messages_in(COHORT_CHANNEL) if m["ts"] == posted["ts"]]
    assert now["text"] == "This reflection was removed at its author's request."
    assert "Amira" not in str(now) and "dashboards" not in str(now)
    assert await holding(h.bot.core.engine, "Amira Khan", AMIRA, "dashboards") == []
    h.api.assert_no_problems()
