"""Every message and form of a realistic console run, rendered for Teams and checked against
Microsoft's published Adaptive Card 1.5 schema and Teams' limits."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError

import handlers.console.adapters
import handlers.console.shell
from bot.cli import main
from bot.core.join_form import join_form
from bot.core.messages import Checkboxes, Form, Message, RadioButtons, Select
from bot.setup_files import Slug
from handlers.console.render import render
from handlers.teams.render import MORE, card, dialog
from tests.unit.test_recruitment import CAMDEN, COHORT, CURRICULUM, HACKNEY

SCHEMA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "adaptive-card-schema"
needs_schema = pytest.mark.skipif(
    not SCHEMA_DIR.is_dir(),
    reason=f"the Adaptive Card schema is not beside this clone ({SCHEMA_DIR}); it ships with "
    "the team's shared folder, not with the project",
)
DOCS = Path(__file__).resolve().parents[2] / "docs"
# Teams refuses a message over about 28 KB; leave room for the activity around the card.
CARD_BYTES = 25_000
# Each script with its first moment, and what to add to reach the forms the docs never open.
SCRIPTS = {
    "six-week-cohort": ("2027-01-11 08:00", ""),
    "questions": ("2027-01-13 10:00", ""),
    "reflection-sessions": ("2027-02-22 08:00", ":as amira\n:press Add a comment\n"),
    "forms": (
        "2027-01-13 09:00",
        ":as amira\n/checkin\n/ask\n/checkin 1-5\n:press Reflect\n:home\n",
    ),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> list[Message | Form]:
    """What the core produced while the console ran its scripts, before the console printed it."""
    produced: list[Message | Form] = []

    def collect(message: Message | Form) -> str:
        produced.append(message)
        return render(message)

    folder = tmp_path_factory.mktemp("scripts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handlers.console.adapters, "render", collect)
        patch.setattr(handlers.console.shell, "render", collect)
        for name, (start, more) in SCRIPTS.items():
            docs = DOCS / f"{name}.txt"
            script = folder / f"{name}.txt"
            script.write_text((docs.read_text("utf-8") if docs.exists() else "") + more, "utf-8")
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["shell", "--script", str(script), "--start", start]) == 0
    return [*produced, join_form(COHORT, CURRICULUM, [CAMDEN, HACKNEY], {})]


def messages(run: list[Message | Form]) -> list[Message]:
    return [m for m in run if isinstance(m, Message)]


def forms(run: list[Message | Form]) -> list[Form]:
    return [f for f in run if isinstance(f, Form)]


def dialogs(run: list[Message | Form]) -> Iterator[tuple[Form, dict[str, Any]]]:
    """Each form's card as first shown, and with a problem under every field."""
    for form in forms(run):
        problems = {field.id: "This needs a change." for field in form.inputs}
        for shown in (dialog(form), dialog(form, {**problems, "": "Try again."})):
            yield form, shown["card"]["content"]  # type: ignore[index]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft6Validator:
    schema = json.loads((SCHEMA_DIR / "adaptive-card-1.5.json").read_text(encoding="utf-8"))
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema)


def test_the_run_produces_every_kind_of_block_and_form(run: list[Message | Form]) -> None:
    kinds = {type(b).__name__ for m in messages(run) for b in m.blocks}
    assert kinds >= {"Heading", "Paragraph", "Quote", "Fields", "ProgressBar", "Item", "Actions"}
    assert kinds >= {"Context", "Divider"}
    callbacks = {f.callback for f in forms(run)}
    assert callbacks >= {"checkin_form", "question_form", "reflection_form", "poll_form"}
    assert callbacks >= {"sessions_form", "session_feedback_form", "join_form"}


@needs_schema
def test_every_card_follows_the_adaptive_card_schema(
    run: list[Message | Form], validator: jsonschema.Draft6Validator
) -> None:
    wrong = [
        f"{m.text[:60]!r}: {error.message[:200]}"
        for m in messages(run)
        for error in validator.iter_errors(card(m))
    ]
    assert not wrong, "\n".join(wrong)


@needs_schema
def test_every_dialog_follows_the_adaptive_card_schema_with_or_without_problems(
    run: list[Message | Form], validator: jsonschema.Draft6Validator
) -> None:
    wrong = [
        f"{form.callback}: {error.message[:200]}"
        for form, content in dialogs(run)
        for error in validator.iter_errors(content)
    ]
    assert not wrong, "\n".join(wrong)


def text_blocks(element: object) -> Iterator[dict[str, Any]]:
    if isinstance(element, dict):
        if element.get("type") == "TextBlock":
            yield element
        for value in element.values():
            yield from text_blocks(value)
    elif isinstance(element, list):
        for value in element:
            yield from text_blocks(value)


def test_no_card_has_an_empty_text_block_or_outgrows_a_teams_message(
    run: list[Message | Form],
) -> None:
    cards = [card(m) for m in messages(run)] + [content for _, content in dialogs(run)]
    texts = [block["text"] for c in cards for block in text_blocks(c)]
    assert all(text.strip() for text in texts)
    assert MORE not in texts  # even the home page of a 32-module course fits whole
    largest = max(len(json.dumps(c, separators=(",", ":")).encode()) for c in cards)
    assert largest < CARD_BYTES


def test_option_values_never_hold_a_comma_so_multi_select_answers_split_safely(
    run: list[Message | Form],
) -> None:
    choices = [
        option.value
        for form in forms(run)
        for field in form.inputs
        if isinstance(field, Checkboxes | RadioButtons | Select)
        for option in field.options
    ]
    assert choices and not [value for value in choices if "," in value]
    # Module and organisation ids come from set-up files, whose ids are slugs.
    with pytest.raises(ValidationError):
        TypeAdapter(Slug).validate_python("camden,hackney")


def test_no_input_id_collides_with_what_the_submit_button_sends(run: list[Message | Form]) -> None:
    ids = {field.id for form in forms(run) for field in form.inputs}
    assert not ids & {"form", "state", "msteams", "action", "value"}


@needs_schema
def test_the_schema_check_would_catch_a_broken_card(validator: jsonschema.Draft6Validator) -> None:
    broken = {**card(Message("t")), "body": [{"type": "TextBlock", "wrap": "yes"}]}
    assert list(validator.iter_errors(broken))
    assert not list(validator.iter_errors(card(Message("t"))))
