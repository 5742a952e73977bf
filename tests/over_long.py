"""Core messages and forms far over every platform's limits, for each renderer to fit."""

from __future__ import annotations

from bot.core.messages import (
    Actions,
    Button,
    Checkboxes,
    Choice,
    Context,
    Fields,
    Form,
    Heading,
    Item,
    Message,
    Paragraph,
    Quote,
    RadioButtons,
    Select,
    TextInput,
)

# 12,000 characters of words, holding characters that platforms' markup escapes: each
# escaped one counts as more than one towards a limit.
LONG = "Data & <people> at work, " * 480
BUTTON = Button("A label far longer than any button has room for: " * 3, "module_done", "m3")


def over_long_message() -> Message:
    """A message of every kind of block, each far over every limit."""
    blocks = (
        Heading(LONG),
        Paragraph(LONG),
        Quote(LONG),
        Fields(tuple((LONG, LONG) for _ in range(25))),
        Item(LONG, LONG, "https://x.test/3", BUTTON),
        Actions((BUTTON,) * 40),
        Context(LONG),
    )
    return Message(LONG * 5, blocks * 8)


def over_long_form() -> Form:
    """A form with every kind of text far over every limit, and long lists of choices."""
    choices = tuple(Choice(f"m{i}", LONG[:200]) for i in range(150))
    inputs = (
        Checkboxes("boxes", LONG, choices[:25], chosen=("m0", "m24")),
        RadioButtons("one", LONG, choices[:15], chosen="m1"),
        Select("pick", LONG, choices, chosen="m149", placeholder=LONG),
        TextInput("text", LONG, multiline=True, max_length=5000, placeholder=LONG, initial=LONG),
    )
    return Form(LONG, "c", LONG, (Paragraph(LONG), *inputs), LONG, state="42", close=LONG)


def cut_between_words(shown: str, whole: str) -> bool:
    """`shown` is the start of `whole` up to the end of a word, then an ellipsis."""
    kept = shown.removesuffix("…")
    return shown.endswith("…") and whole.startswith(kept) and whole[len(kept)] in " \n"
