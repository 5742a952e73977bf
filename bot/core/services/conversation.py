"""Answers to people who write to the bot outside a command."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Actions, Block, Context, Message, Paragraph, plain
from bot.core.model import Actor, Delivery
from bot.core.outgoing import Address, Outgoing
from bot.core.replies.questions import ask_button
from bot.core.services.context import ServiceContext


@dataclass(frozen=True)
class ConversationService:
    ctx: ServiceContext

    async def point_to_commands(
        self, actor: Actor, where: Address, event_id: str, thread: str | None = None
    ) -> None:
        """Answer someone who wrote to the bot with what it can do; once per event.

        `where` is the person for a direct message, or the channel of a mention, where
        the answer goes in the thread of the mention (`thread`, the platform's reference
        of a message).
        """
        names = self.ctx.names_for(actor.platform)
        text = (
            "Hello. I keep track of your course. "
            f"Record a module with {names.checkin} 3 and see your progress with {names.progress}."
        )
        blocks: list[Block] = [Paragraph(text)]
        if thread:
            offer = "I can also pass a question to the moderators, privately or anonymously."
            text = f"{text} {offer}"
            blocks += [Paragraph(offer), Actions((ask_button(),))]
        reply = Message(text, (*blocks, Context(f"Type {names.checkin} help for more.")))
        await self._send(Outgoing(reply, where, in_thread=thread), f"reply:{event_id}", event_id)

    async def unknown_thread(
        self, actor: Actor, message_id: str, thread: str, event_id: str
    ) -> None:
        """Answer a reply in a thread that is not about a question; once per event."""
        text = (
            "I cannot tell which question this is about. Write to me outside a thread "
            f"to ask a new question, or type {self.ctx.names_for(actor.platform).ask}."
        )
        outgoing = Outgoing(plain(text), actor.address, in_thread=thread)
        await self._send(outgoing, f"reply:{message_id}", event_id)

    async def send_privately(self, actor: Actor, key: str, message: Message) -> None:
        """An answer meant for the actor alone, as a direct message."""
        await self._send(Outgoing(message, actor.address), key)

    async def _send(self, outgoing: Outgoing, key: str, event_id: str | None = None) -> None:
        """Queue the answer and record the event it answers, together."""
        async with self.ctx.uow() as uow:
            if event_id and not await uow.processed_events.record(event_id, self.ctx.clock.now()):
                return
            await uow.deliveries.enqueue(Delivery(key, outgoing))
            await uow.commit()
        self.ctx.wake_outbox()
