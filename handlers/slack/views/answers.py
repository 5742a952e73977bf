"""What a person filled in a modal, as the core's neutral answers."""

from __future__ import annotations

from typing import Any


def form_answers(view: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each input's values by its action id (the id the core gave the input). Tick boxes
    shown in several blocks share the input's action id: their ticks come back together."""
    answers: dict[str, tuple[str, ...]] = {}
    for inputs in (view.get("state") or {}).get("values", {}).values():
        for action_id, state in inputs.items():
            answers[action_id] = answers.get(action_id, ()) + _values(state)
    return answers


def _values(state: dict[str, Any]) -> tuple[str, ...]:
    """Ticked boxes, the picked option, or the typed text; nothing when left empty."""
    if "selected_options" in state:
        return tuple(option["value"] for option in state["selected_options"] or [])
    if "selected_option" in state:
        option = state["selected_option"]
        return (option["value"],) if option else ()
    value = state.get("value") or state.get("selected_date") or state.get("selected_time")
    return (value,) if value else ()
