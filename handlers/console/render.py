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
    """The form as it stands: each input with the id :fill names it by, each choice with
    the value to type where that is not its label, and the text around them."""
    lines = [f"== {form.title} =="]
    for block in form.blocks:
        lines += _input(block) if isinstance(block, m.Input) else _form_text(block)
    return "\n".join([*lines, f"({form.text})", f"(Fill it in here with {fill_example(form)})"])


def fill_example(form: m.Form) -> str:
    """':fill a=...; b=...; c=...', with the form's first three input ids, and '; ...'
    when it has more."""
    ids = [f"{field.id}=..." for field in form.inputs[:3]]
    return ":fill " + "; ".join(ids + ["..."] * (len(form.inputs) > len(ids)))


def _form_text(block: m.Block) -> list[str]:
    """A form's text; a link (to a privacy notice, say) shows where it goes, since it
    is there to be read before the form is filled in."""
    if isinstance(block, m.Item) and block.url and not block.button:
        return [f"  {block.text}: {block.url}"]
    return _render(block)


def _input(field: m.Input) -> list[str]:
    named = f"{field.label} ({field.id})"
    match field:
        case m.Checkboxes(options=options, chosen=chosen):
            return [
                f"{named}:",
                *(_choice("[x]" if c.value in chosen else "[ ]", c) for c in options),
            ]
        case (
            m.RadioButtons(options=options, chosen=chosen)
            | m.Select(options=options, chosen=chosen)
        ):
            return [
                f"{named}:",
                *(_choice("(o)" if c.value == chosen else "( )", c) for c in options),
            ]
        case m.DateInput(initial=initial):
            return [f"{named}: {initial or 'YYYY-MM-DD'}"]
        case m.TimeInput(initial=initial):
            return [f"{named}: {initial or 'HH:MM'}"]
        case m.TextInput(initial=initial):
            return [f"{named}: {initial or '____'}"]


def _choice(mark: str, choice: m.Choice) -> str:
    value = "" if choice.value == choice.label else f" = {choice.value}"
    return f"  {mark} {choice.label}{value}"


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
