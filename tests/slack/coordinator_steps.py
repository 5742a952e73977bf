"""What coordinators do with the cohort verbs in Slack, for the e2e tests: press a button in
a private reply or a direct message, and read what the bot posted."""

from __future__ import annotations

from typing import Any

from tests.fakes.workspace import with_block_ids
from tests.slack.conftest import Harness
from tests.slack.question_steps import bot_posts, settle


def show_privately(h: Harness, user: str, reply: dict[str, Any]) -> str:
    """Put a private reply to a command where Slack shows it, so its buttons can be
    clicked; its ts."""
    ts = h.slack.ws.next_ts()
    h.slack.ws.ephemeral.append(
        {
            "type": "message",
            "text": reply["text"],
            "ts": ts,
            "channel": "D" + user,
            "to": user,
            "blocks": with_block_ids(reply["blocks"]),
        }
    )
    return ts


async def click_for_answer(
    h: Harness, user: str, action: str, ts: str, channel: str | None = None
) -> dict[str, Any]:
    """Click a button of a message the person sees; the private answer under it."""
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.click(user, action, channel_id=channel or "D" + user, message_ts=ts)
    assert response.status == 200
    calls = await h.api.wait_for("response_url", count=before + 1)
    await settle(h)
    answer: dict[str, Any] = calls[-1].args
    return answer


def posts_to(h: Harness, channel: str, starting: str) -> list[dict[str, Any]]:
    """The bot's messages in a channel (or "D" + a person's id) whose text starts so."""
    return [m for m in bot_posts(h, channel) if m["text"].startswith(starting)]


def texts(blocks: Any) -> str:
    """Everything a message's blocks show, as one string to search."""
    return str(blocks)
