"""Pressing a button in the console: find it by its label in a person's messages."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.messages import Actions, Button, Item, Message


def find_button(messages: Iterable[Message], wanted: str) -> Button | None:
    """The newest button whose label starts with `wanted`; "Mark done 6" picks module 6's."""
    label, _, number = wanted.strip().lower().rpartition(" ")
    if not number.isdigit():
        label, number = wanted.strip().lower(), ""
    for message in reversed(list(messages)):
        for text, button in reversed(list(_buttons(message))):
            if button.label.lower().startswith(label) and (
                not number or text.startswith(f"{number}.")
            ):
                return button
    return None


def _buttons(message: Message) -> Iterable[tuple[str, Button]]:
    for block in message.blocks:
        if isinstance(block, Item) and block.button:
            yield block.text, block.button
        elif isinstance(block, Actions):
            yield from (("", b) for b in block.buttons)
