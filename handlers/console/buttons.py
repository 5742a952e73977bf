"""Pressing a button in the console: find it by its label in a person's messages.

A press acts only on the button that was meant. The label must be a button's whole
label, or the start of exactly one label; and where the newest message with that label
has it on several lines (a "Mark done" for each module), the words after the label must
say which line. Anything else presses nothing and says what could be pressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.messages import Actions, Button, Item, Message

# The most lines an answer lists when a label is on several.
MOST_LINES_LISTED = 8


@dataclass(frozen=True)
class Shown:
    """A button as shown: in which message (counted from the oldest), on which line."""

    message: int
    line: str
    button: Button


@dataclass(frozen=True)
class SeveralLabels:
    """The typed label starts more than one button's label."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class SeveralLines:
    """The label is on several lines of one message: the words that pick each line."""

    label: str
    picks: tuple[str, ...]


Found = Button | SeveralLabels | SeveralLines | None


def find_button(messages: Sequence[Message], wanted: str) -> Found:
    """The button `wanted` names, what it could mean, or None when nothing fits.

    Words after the label pick among buttons with the same label by the line they are
    on: "Mark done 6" is module 6's, "Yes Tuesday" the Yes on the line about Tuesday.
    """
    shown = shown_buttons(messages)
    words = " ".join(wanted.lower().split()).split(" ")
    for cut in range(len(words), 0, -1):
        label, context = " ".join(words[:cut]), " ".join(words[cut:])
        fitting = [s for s in shown if _fits(s.line, context)]
        exact = [s for s in fitting if s.button.label.lower() == label]
        starting = [s for s in fitting if s.button.label.lower().startswith(label)]
        labels = _distinct(s.button.label for s in starting)
        if exact or len(labels) == 1:
            return _one_line(exact or starting)
        if labels:
            return SeveralLabels(labels)
    return None


def labels(messages: Sequence[Message]) -> tuple[str, ...]:
    """Every label the person could press, the newest message's first."""
    return _distinct(s.button.label for s in shown_buttons(messages))


def shown_buttons(messages: Sequence[Message]) -> list[Shown]:
    """Every button in the messages: the newest message's first, each message's in order."""
    return [
        Shown(number, line, button)
        for number, message in reversed(list(enumerate(messages)))
        for line, button in _buttons(message)
    ]


def _one_line(candidates: list[Shown]) -> Button | SeveralLines:
    """The button in the newest message that has the label, if it is on one line there."""
    newest = [s for s in candidates if s.message == candidates[0].message]
    lines = _distinct(s.line for s in newest)
    if len(lines) == 1:
        return newest[0].button
    return SeveralLines(newest[0].button.label, _picks(lines))


def _picks(lines: Sequence[str]) -> tuple[str, ...]:
    """The fewest first words that tell the lines apart: "6" for "6. Data ethics"."""
    words = [line.split() for line in lines]
    for count in range(1, max(len(w) for w in words) + 1):
        picks = [" ".join(w[:count]).rstrip(".,:") for w in words]
        if len(set(picks)) == len(picks):
            return tuple(picks)
    return tuple(lines)


def _fits(line: str, context: str) -> bool:
    if not context:
        return True
    if context.isdigit():
        return line.startswith(f"{context}.")
    return context in line.lower()


def _distinct(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


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


def pressing_nothing(wanted: str, found: Found, handle: str, shown: Sequence[str]) -> str:
    """Why nothing was pressed, and what could be."""
    match found:
        case SeveralLabels(labels=several):
            return (
                f"More than one button starts with “{wanted}”: {_as_buttons(several)}. "
                f"Type more of the label, for example :press {several[0]}."
            )
        case SeveralLines(label=label, picks=picks):
            which = [f":press {label} {pick}" for pick in picks[:MOST_LINES_LISTED]]
            more = len(picks) - MOST_LINES_LISTED
            which += [f"and {more} more"] if more > 0 else []
            return f"There is a “{label}” button on more than one line. Say which: " + (
                ", ".join(which) + "."
            )
    if wanted:
        there = f"Try {_as_buttons(shown)}." if shown else "There are no buttons there yet."
        return f"There is no “{wanted}” button in {handle}'s messages. {there}"
    example = shown[0] if shown else "Mark done 6"
    there = (
        f"Buttons in {handle}'s messages: {_as_buttons(shown)}."
        if shown
        else f"There are no buttons in {handle}'s messages yet."
    )
    return f"Say which button to press by its label, for example :press {example}. {there}"


def _as_buttons(labels: Sequence[str]) -> str:
    """'[Send] [No, thanks]': as the console shows buttons, since labels can hold commas."""
    return " ".join(f"[{label}]" for label in labels)
