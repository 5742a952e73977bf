"""Neutral messages as plain terminal text."""

from __future__ import annotations

from bot.core import messages as m

BAR_WIDTH = 20


def render(message: m.Message) -> str:
    lines = [line for block in message.blocks for line in _render(block)]
    return "\n".join(lines) if lines else message.text


def _render(block: m.Block) -> list[str]:
    match block:
        case m.Heading(text=text):
            return [f"== {text} =="]
        case m.Paragraph(text=text):
            return text.splitlines()
        case m.Fields(pairs=pairs):
            return [f"{key}: {value}" for key, value in pairs]
        case m.ProgressBar():
            filled = round(BAR_WIDTH * block.done / block.total) if block.total else 0
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            return [f"[{bar}] {block.done} of {block.total} {block.unit} done ({block.percent}%)"]
        case m.Item():
            line = f"  {block.text}" + (f" ({block.detail})" if block.detail else "")
            if block.button:
                line += f"  [{block.button.label}]"
            return [line]
        case m.Actions(buttons=buttons):
            return ["  " + "  ".join(f"[{b.label}]" for b in buttons)]
        case m.Context(text=text):
            return [f"({text})"]
        case m.Divider():
            return ["-" * 40]
