"""Neutral messages as plain terminal text."""

from __future__ import annotations

from bot.core import messages as m

BAR_WIDTH = 20
_BLOCKS = (
    m.Heading,
    m.Paragraph,
    m.Quote,
    m.Fields,
    m.ProgressBar,
    m.Item,
    m.Actions,
    m.Context,
    m.Divider,
)


def render(message: m.Message | m.Form) -> str:
    if isinstance(message, m.Form):
        return render_form(message)
    lines = [line for block in message.blocks for line in _render(block)]
    return "\n".join(lines) if lines else message.text


def render_form(form: m.Form) -> str:
    """A form as it stands: what it says and its inputs, each with the id that :fill
    names it by."""
    lines = [f"== {form.title} =="]
    for block in form.blocks:
        lines += _render(block) if isinstance(block, _BLOCKS) else _input(block)
    ids = "; ".join(f"{field.id}=..." for field in form.inputs[:3])
    return "\n".join([*lines, f"({form.text})", f"(Fill it in here with :fill {ids})"])


def as_shown(form: m.Form) -> dict[str, tuple[str, ...]]:
    """The answers the form holds before anyone changes it: what is ticked, picked or
    already written in it."""
    shown: dict[str, tuple[str, ...]] = {}
    for field in form.inputs:
        match field:
            case m.Checkboxes(chosen=chosen):
                shown[field.id] = chosen
            case m.RadioButtons(chosen=str(picked)) | m.Select(chosen=str(picked)):
                shown[field.id] = (picked,)
            case m.DateInput(initial=str(value)) | m.TimeInput(initial=str(value)):
                shown[field.id] = (value,)
            case m.TextInput(initial=str(value)):
                shown[field.id] = (value,)
    return shown


def _input(field: m.Input) -> list[str]:
    match field:
        case m.Checkboxes(options=options, chosen=chosen):
            marks = [f"  [{'x' if c.value in chosen else ' '}] {c.label}" for c in options]
            return [f"{field.label}:", *marks]
        case m.RadioButtons(options=options, chosen=chosen):
            marks = [f"  ({'o' if c.value == chosen else ' '}) {c.label}" for c in options]
            return [f"{field.label}:", *marks]
        case m.Select(options=options, chosen=chosen):
            picked = next((c.label for c in options if c.value == chosen), "none chosen")
            return [f"{field.label}: {picked} (one of {len(options)})"]
        case m.DateInput(label=label) | m.TimeInput(label=label):
            return [f"{label}: ____"]
        case m.TextInput(label=label, initial=initial):
            return [f"{label}: {initial}" if initial else f"{label}: ____"]


def _render(block: m.Block) -> list[str]:
    match block:
        case m.Heading(text=text):
            return [f"== {text} =="]
        case m.Paragraph(text=text) | m.Quote(text=text):
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
