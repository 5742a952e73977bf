""":press and :fill in the console: they act only on what was meant, or say what is possible."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.test_shell_scripts import run_script

DRAFT = ":as amira\nWhere do I find the slides?\n"


def test_press_send_sends_the_draft_with_the_name_not_anonymously(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, DRAFT + ":press Send\n")
    assert "Asked by: Amira Khan" in out
    assert "anonymous" not in out.split("amira> :press Send\n", 1)[1]


def test_a_partial_label_that_fits_several_buttons_presses_nothing_and_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, DRAFT + ":press Se\n")
    after = out.split("amira> :press Se\n", 1)[1]
    assert after == (
        "More than one button starts with “Se”: [Send] [Send anonymously]. "
        "Type more of the label, for example :press Send.\n"
    )


def test_a_label_on_several_lines_presses_nothing_and_says_how_to_pick_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = ":as amira\n:home\n:press Mark done\n:press Mark done 12\n"
    out = run_script(tmp_path, capsys, database_url, lines)
    after = out.split("amira> :press Mark done\n", 1)[1]
    picks = ", ".join(f":press Mark done {n}" for n in range(1, 9))
    assert after.startswith(
        f"There is a “Mark done” button on more than one line. Say which: {picks}, "
        "and 24 more.\namira> :press Mark done 12\n(only you can see this)\nDone: module 12."
    )


def test_a_partial_label_that_fits_one_button_presses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, DRAFT + ":press Send anon\n")
    assert "Asked by: A leader (anonymous)" in out


def test_an_empty_press_presses_nothing_and_says_how_to_use_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, DRAFT + ":press\n")
    after = out.split("amira> :press\n", 1)[1]
    assert after == (
        "Say which button to press by its label, for example :press Send. "
        "Buttons in amira's messages: [Send] [Send anonymously] [No, thanks].\n"
    )


def test_an_unknown_label_lists_the_buttons_there_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    out = run_script(tmp_path, capsys, database_url, DRAFT + ":press Post\n")
    assert out.split("amira> :press Post\n", 1)[1] == (
        "There is no “Post” button in amira's messages. "
        "Try [Send] [Send anonymously] [No, thanks].\n"
    )


def test_press_finds_a_button_posted_to_a_channel_named_in_lower_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = ":as sam\n/cohort recruit #general\n:user fatima Fatima Ali\n:as fatima\n:press Join\n"
    out = run_script(tmp_path, capsys, database_url, lines)
    assert "--> message to #general:\n    == Join LOTI" in out
    assert "fatima> :press Join\n(only you can see this)\n== Join the cohort ==" in out


def test_fill_refuses_a_field_the_form_does_not_have_and_names_the_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = ":as amira\n/ask\n:fill question=Where are the slides?; colour=blue\n"
    out = run_script(tmp_path, capsys, database_url, lines)
    after = out.split("amira> :fill question=Where are the slides?; colour=blue\n", 1)[1]
    assert after == (
        "This form has no field “colour”. Its fields are question, module and options. "
        "Nothing was sent.\n"
    )


def test_fill_refuses_a_choice_the_field_does_not_offer_and_names_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = ":as amira\n/ask\n:fill question=Where are the slides?; options=anonymous|secret\n"
    out = run_script(tmp_path, capsys, database_url, lines)
    assert out.split("options=anonymous|secret\n", 1)[1] == (
        "“secret” is not one of the choices for options. "
        "Choose from anonymous and may_publish. Nothing was sent.\n"
    )


def test_fill_keeps_what_the_form_had_chosen_for_fields_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    lines = (
        ":as sam\n/cohort recruit #C0COHORT01\n:user fatima Fatima Ali\n:as fatima\n"
        ":press Join\n:fill organisation=islington; job_title=Head of data; seniority=director; "
        "consent=agreed\n"
    )
    out = run_script(tmp_path, capsys, database_url, lines)
    assert "(sent: Join the cohort)" in out
    assert "Your pace is 6 weeks" in out  # the form's preferred pace, as chosen on Slack
