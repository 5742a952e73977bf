"""Answers to people who write to the bot directly."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Context, Message, Paragraph
from bot.core.model import Actor, Delivery
from bot.core.services.context import ServiceContext


@dataclass(frozen=True)
class ConversationService:
    ctx: ServiceContext

    async def point_to_commands(
        self, actor: Actor, where: str, event_id: str, thread: str | None = None
    ) -> None:
        """Answer someone who wrote to the bot with the commands to use; once per event.

        `where` is the user for a direct message, or the channel of a mention.
        """
        names = self.ctx.names
        text = (
            "Hello. I keep track of your course. "
            f"Record a module with {names.checkin} 3 and see your progress with {names.progress}."
        )
        reply = Message(text, (Paragraph(text), Context(f"Type {names.checkin} help for more.")))
        payload = reply.to_dict()
        if thread:
            payload["thread"] = thread
        async with self.ctx.uow() as uow:
            await uow.deliveries.enqueue(
                Delivery(f"reply:{event_id}", actor.platform, where, payload)
            )
            await uow.commit()
        self.ctx.wake_outbox()
