"""Neutral messages as plain terminal text."""

from __future__ import annotations

from bot.core import messages as m

BAR_WIDTH = 20


def render(message: m.Message | m.Form) -> str:
    if isinstance(message, m.Form):
        return render_form(message)
    lines = [line for block in message.blocks for line in _render(block)]
    return "\n".join(lines) if lines else message.text


def render_form(form: m.Form) -> str:
    """A form's inputs as they stand, each with the id that :fill names it by."""
    lines = [f"== {form.title} =="]
    for field in form.inputs:
        lines += _input(field)
    ids = "; ".join(f"{field.id}=..." for field in form.inputs[:3])
    return "\n".join([*lines, f"({form.text})", f"(Fill it in here with :fill {ids})"])


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
        case m.DateInput(label=label, initial=initial) | m.TimeInput(label=label, initial=initial):
            return [f"{label}: {initial or '____'}"]
        case m.TextInput(label=label, initial=initial):
            return [f"{label}: {initial or '____'}"]


def shown_answers(form: m.Form) -> dict[str, tuple[str, ...]]:
    """What the form sends for each input left as it is shown, as Slack and Teams do."""
    shown: dict[str, tuple[str, ...]] = {}
    for field in form.inputs:
        match field:
            case m.Checkboxes(chosen=chosen):
                shown[field.id] = chosen
            case m.RadioButtons(chosen=chosen) | m.Select(chosen=chosen):
                shown[field.id] = (chosen,) if chosen else ()
            case (
                m.DateInput(initial=initial)
                | m.TimeInput(initial=initial)
                | m.TextInput(initial=initial)
            ):
                shown[field.id] = (initial,) if initial else ()
    return shown


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
