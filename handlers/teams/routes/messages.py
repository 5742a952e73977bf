"""Messages people write: commands typed as words, prose to the bot, and moderators'
replies in a question's reply chain."""

from __future__ import annotations

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.core.messages import Form
from bot.core.platforms import CommandNames
from bot.core.requests import DirectMessage, Mentioned, RunCommand, ThreadReply
from bot.core.usecases.registry import Registry
from handlers.teams import turns
from handlers.teams.activity import message_activity
from handlers.teams.sender import message_ref
from handlers.teams.words import plain, read_command


def register(app: AgentApplication[TurnState], registry: Registry, names: CommandNames) -> None:
    @app.message()
    async def on_message(context: TurnContext, state: TurnState) -> None:
        """Remember where the writer can be reached; then a command, prose or a reply."""
        activity = context.activity
        await registry.handle(turns.seen(activity))
        people, text = turns.named(activity), activity.text or ""
        typed = read_command(text, people, names)
        personal = turns.is_personal(activity)
        if typed is not None and (personal or activity.is_recipient_mentioned()):
            in_channel = None if personal else turns.channel_of(activity)
            request = RunCommand(
                turns.actor(activity),
                typed.command,
                typed.text,
                typed.words,
                in_channel=in_channel,
                request_id=str(activity.id),
            )
            answer = await registry.handle(request)
            if isinstance(answer, Form):
                opener = {"command": typed.command.value, "text": typed.text}
                await turns.offer_form(context, answer, opener)
            elif answer is not None:
                await context.send_activity(message_activity(answer))
        elif personal:
            await registry.handle(
                DirectMessage(turns.actor(activity), plain(text, people), str(activity.id))
            )
        elif activity.is_recipient_mentioned():
            await registry.handle(
                Mentioned(
                    turns.actor(activity),
                    turns.channel_of(activity),
                    turns.thread_of(activity),
                    str(activity.id),
                )
            )
        elif turns.THREAD_ROOT in str(activity.conversation.id):
            reply = ThreadReply(
                turns.actor(activity),
                turns.thread_of(activity),
                message_ref(str(activity.conversation.id), str(activity.id)),
                plain(text, people),
                str(activity.id),
                in_direct_messages=False,
            )
            await registry.handle(reply)
