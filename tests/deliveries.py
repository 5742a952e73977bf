"""Outbox deliveries for tests, built in one line."""

from __future__ import annotations

from typing import Any

from bot.core.messages import Message
from bot.core.model import Delivery
from bot.core.outgoing import Address, Outgoing


def delivery(
    key: str, recipient: str, text: str, *, platform: str = "slack", **fields: Any
) -> Delivery:
    """A plain-text message to a person (or, for an id starting with C, a channel)."""
    kind = Address.channel if recipient.startswith("C") else Address.person
    return Delivery(key, Outgoing(Message(text), kind(platform, recipient)), **fields)
