"""Pressing a button in the console: find it by its label in a person's messages."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.messages import Actions, Button, Item, Message


def find_button(messages: Iterable[Message], wanted: str) -> Button | None:
    """The newest button whose label starts with `wanted`.

    Words after the label pick among buttons with the same label by the line above them:
    "Mark done 6" is module 6's, "Yes Tuesday" the Yes under the line about Tuesday.
    """
    wanted = " ".join(wanted.lower().split())
    shown = [b for message in messages for b in _buttons(message)]
    words = wanted.split(" ")
    for cut in range(len(words), 0, -1):
        label, context = " ".join(words[:cut]), " ".join(words[cut:])
        for text, button in reversed(shown):
            if button.label.lower().startswith(label) and _fits(text, context):
                return button
    return None


def _fits(text: str, context: str) -> bool:
    if not context:
        return True
    if context.isdigit():
        return text.startswith(f"{context}.")
    return context in text.lower()


def _buttons(message: Message) -> Iterable[tuple[str, Button]]:
    """Each button with the text of the line it belongs to."""
    line = ""
    for block in message.blocks:
        if isinstance(block, Item):
            line = block.text
            if block.button:
                yield block.text, block.button
        elif isinstance(block, Actions):
            yield from ((line, b) for b in block.buttons)
