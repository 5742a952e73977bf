"""What every Teams route needs from a turn: who is acting, where, and how to answer."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ConversationParameters,
    InvokeResponse,
)
from microsoft_agents.hosting.core import (
    CardFactory,
    ConnectorClientBase,
    MessageFactory,
    TurnContext,
)

from bot.core.messages import Form, Message, Paragraph
from bot.core.model import Actor
from bot.core.outgoing import Address
from bot.core.requests import ConversationSeen
from handlers.teams.ids import PLATFORM
from handlers.teams.render import card
from handlers.teams.sender import message_ref
from handlers.teams.words import Named

THREAD_ROOT = ";messageid="


def actor(activity: Activity) -> Actor:
    return Actor(PLATFORM, activity.from_property.id)


def is_personal(activity: Activity) -> bool:
    return activity.conversation.conversation_type == "personal"


def channel_of(activity: Activity) -> str:
    """The channel a channel message is in, without the thread it is in."""
    return str(activity.conversation.id).split(THREAD_ROOT)[0]


def team_of(activity: Activity) -> str | None:
    """The team a channel activity comes from, if any."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    return str(team["id"]) if isinstance(team, dict) and team.get("id") else None


def thread_of(activity: Activity) -> str:
    """The reference of the message a channel thread starts at, as the sender made it."""
    conversation_id = str(activity.conversation.id)
    root = conversation_id.partition(THREAD_ROOT)[2] or str(activity.id)
    return message_ref(conversation_id, root)


def named(activity: Activity) -> list[Named]:
    """Everyone the message mentions but the bot."""
    bot = activity.recipient.id if activity.recipient else None
    return [
        Named(m.text or "", m.mentioned.id, m.mentioned.name or "")
        for m in activity.get_mentions()
        if m.mentioned is not None and m.mentioned.id != bot and m.text
    ]


def seen(activity: Activity) -> ConversationSeen:
    """How to write back first: to the person in their one-to-one chat, or to the channel."""
    reference = activity.get_conversation_reference().model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    reference.pop("requestId", None)  # belongs to one request, not to the conversation
    if is_personal(activity):
        return ConversationSeen(Address.person(PLATFORM, activity.from_property.id), reference)
    return ConversationSeen(Address.channel(PLATFORM, channel_of(activity)), reference)


def form_opener(form: Form, opener: dict[str, Any]) -> Activity:
    """Where the answer is a form but the turn cannot open a dialog (a typed command): a
    card whose button opens it; `opener` says how to ask for the form again."""
    lead = f"Press {form.title} to fill it in."
    content = card(Message(lead, (Paragraph(lead),)))
    data = {**opener, "msteams": {"type": "task/fetch"}}
    content["actions"] = [{"type": "Action.Submit", "title": form.title, "data": data}]
    activity: Activity = MessageFactory.attachment(CardFactory.adaptive_card(content), text=lead)
    activity.summary = lead
    return activity


async def offer_form(context: TurnContext, form: Form, opener: dict[str, Any]) -> None:
    """The form's opener card where only the person sees it: in their chat with the bot.
    A channel shows everything to everyone, so from a channel the card goes to the
    person's one-to-one chat (created if need be; it has the same id as theirs)."""
    activity = context.activity
    shown = form_opener(form, opener)
    if is_personal(activity):
        await context.send_activity(shown)
        return
    client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
    if client is None:
        raise RuntimeError("the SDK gave the turn no connector client")
    tenant = activity.conversation.tenant_id or _tenant_of(activity)
    parameters = ConversationParameters.model_validate(
        {
            "isGroup": False,
            "bot": activity.recipient,
            "members": [activity.from_property],
            "tenantId": tenant,
            "channelData": {"tenant": {"id": tenant}},
            "activity": shown,
        }
    )
    await client.conversations.create_conversation(parameters)


def _tenant_of(activity: Activity) -> str:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return str((data.get("tenant") or {}).get("id") or "")


async def answer_invoke(context: TurnContext, body: object) -> None:
    """The HTTP answer to an invoke (a card action or a dialog)."""
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))
    )
