"""The use cases for what people write and open outside commands, buttons and forms."""

from __future__ import annotations

from bot.core.messages import Message
from bot.core.outgoing import Address
from bot.core.requests import (
    ConversationSeen,
    DirectMessage,
    Mentioned,
    MessageEdited,
    OpenHome,
    ReplyToQuestion,
    ThreadReply,
)
from bot.core.services.conversation import ConversationService
from bot.core.services.progress import ProgressService
from bot.core.services.questions import QuestionService
from bot.core.services.reach import Reach
from bot.core.services.relay import Relayed, RelayService


async def draft_question(
    request: DirectMessage, questions: QuestionService, conversation: ConversationService
) -> None:
    """Offer to send what was written as a question; else say what the bot can do. The
    services record the event with what they do, so a repeated event does nothing."""
    if not await questions.draft(request.actor, request.text, request.event_id):
        await conversation.point_to_commands(request.actor, request.actor.address, request.event_id)


async def carry_reply(
    request: ThreadReply, relay: RelayService, conversation: ConversationService
) -> None:
    """Carry a reply in a question's thread to the other side."""
    actor, event_id = request.actor, request.event_id
    relayed = await relay.relay(actor, request.thread, request.text, request.message, event_id)
    if relayed is Relayed.NOT_A_QUESTION and request.in_direct_messages:
        await conversation.unknown_thread(actor, request.message, request.thread, event_id)


async def reply_to_question(request: ReplyToQuestion, relay: RelayService) -> Message:
    """Carry a reply to a question named by its reference, and say where it went."""
    return await relay.reply_to(request.actor, request.question, request.text, request.message)


async def carry_edit(request: MessageEdited, relay: RelayService) -> None:
    """Carry the change of a relayed message to its copy."""
    await relay.edit(request.actor, request.message, request.text, request.edited, request.event_id)


async def answer_mention(request: Mentioned, conversation: ConversationService) -> None:
    """Answer in the mention's thread with what the bot can do."""
    where = Address.channel(request.actor.platform, request.channel)
    await conversation.point_to_commands(request.actor, where, request.event_id, request.thread)


async def show_home(request: OpenHome, progress: ProgressService) -> None:
    """Show the person's progress on the bot's own page, once per request."""
    await progress.show_home(request.actor, request.event_id, request.show)


async def remember_conversation(request: ConversationSeen, reach: Reach) -> None:
    """Keep how to write to a person or channel first."""
    await reach.remember(request.address, request.reference, request.from_roster)
