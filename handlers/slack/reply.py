"""Answering the person who typed a command or pressed a button, privately."""

from __future__ import annotations

from slack_bolt.async_app import AsyncRespond

from bot.core.messages import Message
from handlers.slack.render import fallback_text, message_blocks


async def reply_privately(respond: AsyncRespond, message: Message) -> None:
    """An ephemeral answer that leaves the message it came from as it was."""
    await respond(
        text=fallback_text(message),
        blocks=message_blocks(message),
        response_type="ephemeral",
        replace_original=False,
    )
