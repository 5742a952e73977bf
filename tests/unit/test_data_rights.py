"""Leaders' data rights without a database: the grammar, the file, scrubbing, the purge's words."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.commands import (
    CommandError,
    ForgetMe,
    ShowMyData,
)
from bot.core.help_texts import help_text
from bot.core.model import (
    Cohort,
    Completion,
    Curriculum,
    DeliveryStatus,
    Enrolment,
    Module,
    Person,
    Rhythm,
    Role,
    Seniority,
)
from bot.core.personal_data import (
    CohortPurge,
    DeliveryRecord,
    EnrolmentRecords,
    Erased,
    HeldRecords,
    Replacements,
    SeatRecord,
    VoteRecord,
    cohort_ended,
    first_name,
    forgetting,
    forgotten_token,
    my_data_document,
    my_data_filename,
    parse_age,
    scrub,
    unname,
)
from bot.core.platforms import CommandName
from bot.core.questions import Post, Question, Side
from bot.core.reflection import Reflection
from bot.core.replies.data_rights import FORGET_ME, KEEP_MY_DATA, forget_me_prompt, purge_report
from bot.core.usecases.buttons import BUTTON_HANDLERS
from tests.unit.typed import SLASH, parse_typed

NAMES = SLASH
NOON = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)


def progress(text: str) -> object:
    return parse_typed("progress", text)


def test_my_data_and_forget_me_are_progress_commands() -> None:
    assert progress("my-data") == ShowMyData()
    assert progress("forget-me") == ForgetMe()
    assert progress("My-Data") == ShowMyData()
    assert progress("  FORGET-ME ") == ForgetMe()
    assert progress("my data") == ShowMyData()
    assert progress("forget me") == ForgetMe()
    assert progress("my\u2013data") == ShowMyData()  # a phone's en dash


@pytest.mark.parametrize("text", ["my-data please", "forget", "forget-me now", "mydata x", "data"])
def test_anything_else_is_explained(text: str) -> None:
    answer = progress(text)
    assert isinstance(answer, CommandError)
    assert answer.example == "/progress plan"


def test_the_commands_belong_to_progress_only() -> None:
    assert isinstance(parse_typed("cohort", "my-data"), CommandError)
    assert not isinstance(parse_typed("checkin", "forget-me"), ShowMyData | ForgetMe)


def test_help_and_the_manifest_name_both_commands() -> None:
    shown = help_text(CommandName.PROGRESS, NAMES)
    assert "/progress my-data:" in shown and "/progress forget-me:" in shown
    with open("manifest.yml", encoding="utf-8") as manifest:
        hint = next(line for line in manifest if "my-data" in line)
    assert "forget-me" in hint


def test_the_confirmation_has_a_button_to_delete_and_one_to_keep() -> None:
    prompt = forget_me_prompt(7, NAMES)
    buttons = [b for block in prompt.blocks for b in getattr(block, "buttons", ())]
    assert [(b.label, b.action, b.value) for b in buttons] == [
        ("Yes, delete my data", FORGET_ME, "7"),
        ("Keep my data", KEEP_MY_DATA, ""),
    ]
    assert {FORGET_ME, KEEP_MY_DATA} <= set(BUTTON_HANDLERS)
    assert "cannot be undone" in prompt.text


def test_an_age_is_days_or_weeks() -> None:
    assert parse_age("365d") == timedelta(days=365)
    assert parse_age("52w") == timedelta(weeks=52)
    assert parse_age("10D") == timedelta(days=10)
    for bad in ("", "365", "1y", "-3d", "0d", "3 weeks", "d", "123456d"):
        assert parse_age(bad) is None, bad


def test_a_course_ends_six_weeks_after_it_starts() -> None:
    cohort = Cohort("c", "C", date(2027, 1, 11), 3, "Europe/London")
    assert cohort_ended(cohort) == date(2027, 2, 22)


def test_scrubbing_replaces_whole_names_and_ids_anywhere_in_json() -> None:
    words = Replacements({"Amira Khan"}, {"U0AMIRA": "forgotten-1"})
    payload = {
        "text": "Behind: Amira Khan, Camden; AMIRA KHAN too",
        "blocks": [{"pairs": [["Amira Khanum", "U0AMIRA"], ["<@U0AMIRA>", 3]]}],
    }
    assert scrub(payload, words) == {
        "text": "Behind: Former participant, Camden; Former participant too",
        "blocks": [{"pairs": [["Amira Khanum", "forgotten-1"], ["<@forgotten-1>", 3]]}],
    }
    assert scrub("nothing here", Replacements()) == "nothing here"
    assert "Zo\\u00eb" in Replacements({"Zoë"}).needles()  # as JSON stores it


def test_an_id_or_first_name_is_replaced_only_as_a_whole_word_as_written() -> None:
    words = Replacements((), {"amira": "forgotten-1", "Will": "Former participant"})
    assert scrub("Samira asked @amira; Will said he will", words) == (
        "Samira asked @forgotten-1; Former participant said he will"
    )


def test_every_email_address_goes_where_asked_and_next_to_a_name() -> None:
    every = Replacements((), {}, every_email=True)
    text = "Write to amira.k@camden.gov.uk or jo.bloggs+data@camden.gov.uk."
    assert scrub(text, every) == ("Write to (email address removed) or (email address removed).")
    named = Replacements({"Amira Khan"})
    assert unname(f"Amira Khan: {text}", named) == (
        "Former participant: Write to (email address removed) or (email address removed)."
    )
    assert unname(text, named) == text  # nobody named: another person's address stays


def test_a_first_name_is_the_first_word_that_is_not_a_title() -> None:
    assert first_name("Amira Khan") == "Amira"
    assert first_name("Cllr Jean-Luc Picard") == "Jean-Luc"
    assert first_name("Dr. Amira Khan") == "Amira"
    for no_first_name in ("Amira", "Al Green", "amira.khan", "Former"):
        assert first_name(no_first_name) is None, no_first_name


def test_forgetting_takes_a_shared_first_name_only_from_their_own_threads() -> None:
    amira = Person("slack", "U0AMIRA", "Amira Khan")
    words = forgetting(
        [(amira, "forgotten-1")], {"amira@camden.gov.uk"}, ["Amira Patel", "Sam Okafor"]
    )
    text = "Amira Khan and Amira Patel, U0AMIRA, amira@camden.gov.uk, jo@camden.gov.uk"
    assert scrub(text, words.about_them) == (
        "Former participant and Former participant Patel, forgotten-1, "
        "(email address removed), (email address removed)"
    )
    assert scrub(text, words.elsewhere) == (
        "Former participant and Amira Patel, forgotten-1, (email address removed), jo@camden.gov.uk"
    )
    alone = forgetting([(amira, "forgotten-1")], (), ["Sam Okafor"])
    assert scrub("Thanks, Amira", alone.elsewhere) == "Thanks, Former participant"


def test_tokens_are_never_a_platform_id_and_never_repeat() -> None:
    first, second = forgotten_token(), forgotten_token()
    assert first != second and first.startswith("forgotten-")


def test_the_file_holds_everything_readably() -> None:
    curriculum = Curriculum("Course", (Module("m1", "Data and decisions", 15, "https://x", "U1"),))
    person = Person(
        "slack", "U0AMIRA", "Zoë Khan", "camden", Seniority.DIRECTOR, "Europe/London", 4
    )
    cohort = Cohort("c1", "Cohort 1", date(2027, 1, 11), 6, "Europe/London", id=1)
    enrolment = Enrolment(
        1,
        4,
        Role.LEADER,
        pace=3,
        joined_at=NOON,
        rhythm=Rhythm(nudge_weekday=3, nudge_time=time(8, 30)),
        id=9,
    )
    records = EnrolmentRecords(
        enrolment,
        cohort,
        [Completion(9, "m1", "slash", NOON)],
        [Reflection(9, 1, NOON, "Dashboards", True, NOON)],
    )
    held = HeldRecords(
        questions=[Question(1, 4, "How?", NOON, "m1", id=3)],
        posts=[Post(3, 4, Side.ASKER, "Thanks", "D1:1", NOON, False, id=8)],
        votes=[VoteRecord("Reflection", NOON, 60, "yes")],
        seats=[SeatRecord("Reflection", NOON, 60, "Online", True, 5, "Good")],
        deliveries=[DeliveryRecord("welcome:1:4", DeliveryStatus.SENT, NOON, NOON)],
    )
    text = my_data_document(person, [records], held, curriculum, NOON, NAMES)
    document = json.loads(text)
    assert "Zoë Khan" in text  # UTF-8, not escapes
    assert text.count("\n") > 50  # indented, one value a line
    assert document["you"]["display_name"] == "Zoë Khan"
    [entry] = document["enrolments"]
    assert entry["weekly_message_day"] == "Thursday" and entry["weekly_message_time"] == "08:30"
    assert entry["modules_done"] == [
        {
            "module": "1. Data and decisions",
            "recorded_with": "slash",
            "at": "2027-01-13T12:00:00+00:00",
        }
    ]
    assert entry["reflections"][0]["answer"] == "Dashboards"
    assert document["questions_you_asked"][0]["reference"] == "Q-3"
    assert document["your_replies_about_questions"][0]["text"] == "Thanks"
    assert document["poll_answers"][0]["answer"] == "yes"
    assert document["reflection_sessions"][0]["comment"] == "Good"
    assert document["messages_to_you"] == [
        {
            "message": "welcome:1:4",
            "status": "sent",
            "queued_at": "2027-01-13T12:00:00+00:00",
            "last_changed_at": "2027-01-13T12:00:00+00:00",
        }
    ]
    assert my_data_filename(date(2027, 1, 13)) == "facilitator-my-data-2027-01-13.json"


def test_the_purge_says_what_it_did_in_plain_words() -> None:
    cohort = Cohort("spring-2026", "Spring", date(2026, 1, 5), 6, "Europe/London", id=1)
    did = Erased(enrolments=2, completions=30, people=2, questions=1, deliveries=1)
    lines = purge_report([CohortPurge(cohort, date(2026, 2, 16), did, 1)], timedelta(days=365))
    assert lines[0] == (
        "spring-2026 (course ended 2026-02-16): anonymised 2 people; deleted 30 completions "
        "and 1 unsent message; withdrew 2 enrolments; made 1 question anonymous."
    )
    assert lines[1].startswith("  1 person also in a later cohort kept their name")
    assert lines[-1].startswith("Kept: the weekly progress snapshots")
    again = purge_report([CohortPurge(cohort, date(2026, 2, 16), Erased(), 0)], timedelta(1))
    assert again[0] == "spring-2026 (course ended 2026-02-16): nothing left to remove."
    assert purge_report([], timedelta(days=365)) == [
        "No cohort's course ended more than 365 days ago."
    ]
    closed = replace(cohort, closed_at=datetime(2026, 3, 2, 12, tzinfo=UTC))
    [line, *_] = purge_report([CohortPurge(closed, date(2026, 3, 2), Erased(), 0)], timedelta(1))
    assert line == "spring-2026 (closed 2026-03-02): nothing left to remove."
