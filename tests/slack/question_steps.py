"""What leaders and moderators do with questions in Slack, for the e2e tests."""

from __future__ import annotations

from typing import Any

from bot.core.questions import Question
from bot.core.replies.questions import ALLOW_SHARING, PUBLISH
from tests.fakes.app_http import AppResponse
from tests.slack.conftest import MODERATORS, Harness, listeners_finished
from tests.slack.test_commands_e2e import reply_to


def bot_posts(h: Harness, channel: str) -> list[dict[str, Any]]:
    """The bot's messages in a channel, oldest first, as they stand now (after updates)."""
    return list(h.slack.ws.messages_in(channel))


async def settle(h: Harness) -> None:
    """Let the app finish what it does after acknowledging, then send the outbox.

    The question tests send the outbox by hand (mark them `manual_outbox`), so that a
    message is recorded as sent before anyone replies under it.
    """
    await listeners_finished()
    await h.bot.core.services.outbox.dispatch_due()


async def ask(h: Harness, user: str, text: str) -> dict[str, Any]:
    """Type `/ask text`; the private reply."""
    return await reply_to(h, "/ask", text, user)


async def asked(h: Harness, user: str, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ask with /ask and wait for both starts of its threads: the moderators' card and the
    asker's own message."""
    cards = len(cards_in(h))
    roots = len(roots_for(h, user))
    await ask(h, user, text)
    await settle(h)
    assert len(cards_in(h)) > cards and len(roots_for(h, user)) > roots
    return cards_in(h)[-1], roots_for(h, user)[-1]


def starts_a_thread(message: dict[str, Any]) -> bool:
    """Not a reply: a message with no thread yet, or the one its thread hangs from."""
    return message.get("thread_ts", message["ts"]) == message["ts"]


def cards_in(h: Harness) -> list[dict[str, Any]]:
    """The question cards in the moderators' channel (not their thread replies)."""
    return [m for m in bot_posts(h, MODERATORS) if starts_a_thread(m)]


def roots_for(h: Harness, user: str) -> list[dict[str, Any]]:
    """The messages that start each of a leader's question threads."""
    return [
        m
        for m in bot_posts(h, "D" + user)
        if starts_a_thread(m) and "is with the moderators" in m["text"]
    ]


def thread(h: Harness, channel: str, ts: str) -> list[dict[str, Any]]:
    """The bot's replies in a thread, oldest first."""
    return [m for m in bot_posts(h, channel) if m.get("thread_ts") == ts and m["ts"] != ts]


async def replies_in(h: Harness, channel: str, ts: str) -> list[dict[str, Any]]:
    """Once the app has settled, the bot's replies in the thread, oldest first."""
    await settle(h)
    return thread(h, channel, ts)


async def updates(h: Harness) -> list[Any]:
    """Once the app has settled, every chat.update call so far."""
    await settle(h)
    return h.api.calls_to("chat.update")


async def pressed(
    h: Harness, user: str, action: str, message: dict[str, Any]
) -> tuple[AppResponse, dict[str, Any]]:
    """Press a button the bot showed in `message`; the app's response and the private answer."""
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.click(
        user, action, channel_id=message["channel"], message_ts=message["ts"]
    )
    assert response.status == 200
    calls = await h.api.wait_for("response_url", count=before + 1)
    await settle(h)
    answer: dict[str, Any] = calls[-1].args
    return response, answer


async def press(h: Harness, user: str, action: str, message: dict[str, Any]) -> dict[str, Any]:
    """Press a button the bot showed in `message`; the private answer."""
    _, answer = await pressed(h, user, action, message)
    return answer


async def publish_with_consent(
    h: Harness,
    moderator: str,
    asker: str,
    card: dict[str, Any],
    root: dict[str, Any],
) -> dict[str, Any]:
    """Publish Q-1, which the asker did not agree to share when asking: the moderator's
    first press asks her in her thread, she agrees, the second press publishes. The
    request for her consent."""
    answer = await press(h, moderator, PUBLISH, card)
    assert answer["text"].startswith("Q-1 cannot be published yet")
    consent = (await replies_in(h, "D" + asker, root["ts"]))[-1]
    await press(h, asker, ALLOW_SHARING, consent)
    answer = await press(h, moderator, PUBLISH, card)
    assert answer["text"] == "Q-1 is published to the cohort channel, without the asker's name."
    return consent


async def open_question_form(h: Harness, user: str, text: str = "") -> dict[str, Any]:
    """Type `/ask text` (nothing, or nothing that counts); the modal the bot opened."""
    before = len(h.api.calls_to("views.open"))
    response = await h.slack.slash_command("/ask", text, user)
    assert response.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(user)
    assert view is not None
    return view


async def stored_question(h: Harness, number: int) -> Question | None:
    """Question Q-`number` as the database holds it; None when there is none."""
    async with h.bot.core.services.ctx.uow() as uow:
        return await uow.questions.get(number)


def draft_offers(h: Harness, user: str) -> list[dict[str, Any]]:
    """The bot's offers, in the person's direct messages, to send what they wrote as a question."""
    return [
        m
        for m in bot_posts(h, "D" + user)
        if m["text"] == "Shall I send this to the moderators as a question?"
    ]
