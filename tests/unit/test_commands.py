import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.commands import (
    CheckIn,
    Command,
    CommandError,
    CommandNames,
    EnrolLeader,
    Mention,
    OpenCheckInForm,
    ReassignQuestion,
    ShowCohortStatus,
    ShowHelp,
    ShowProgress,
    UnclaimQuestion,
    UndoCheckIn,
)
from bot.core.help_texts import help_text
from bot.core.model import Seniority
from bot.core.platforms import CommandName
from tests.unit.typed import SLASH, parse_typed

NAMES = SLASH


def checkin(text: str) -> object:
    return parse_typed("checkin", text)


def test_one_module_a_range_and_a_list_are_understood() -> None:
    assert checkin("3") == CheckIn((3,))
    assert checkin("1-4") == CheckIn((1, 2, 3, 4))
    assert checkin("2 5 7") == CheckIn((2, 5, 7))
    assert checkin("2, 5,7") == CheckIn((2, 5, 7))
    assert checkin("1 - 3") == CheckIn((1, 2, 3))
    assert checkin("1\u20133") == CheckIn((1, 2, 3))
    assert checkin("#4") == CheckIn((4,))


def test_undo_takes_the_same_module_numbers() -> None:
    assert checkin("undo 3") == UndoCheckIn((3,))
    assert checkin("UNDO 3-4") == UndoCheckIn((3, 4))


def test_a_module_number_outside_the_course_is_explained() -> None:
    error = checkin("40")
    assert isinstance(error, CommandError)
    assert error.problem == "There is no module 40: modules are numbered 1 to 32."
    assert "/checkin 3" in error.example


def test_words_backwards_ranges_and_bare_undo_are_explained() -> None:
    for text, problem in [
        ("three", "“three” is not a module number."),
        ("4-1", "The range “4-1” runs backwards."),
        ("undo", "Say which module to undo."),
        ("0", "There is no module 0: modules are numbered 1 to 32."),
    ]:
        result = checkin(text)
        assert isinstance(result, CommandError), text
        assert result.problem == problem


def test_help_shows_usage_and_an_empty_checkin_opens_the_form() -> None:
    assert checkin("help") == ShowHelp("checkin")
    assert checkin("") == OpenCheckInForm()
    assert parse_typed("progress", "help") == ShowHelp("progress")
    assert parse_typed("cohort", "") == ShowHelp("cohort")


def test_progress_takes_no_words() -> None:
    assert parse_typed("progress", "") == ShowProgress()
    assert isinstance(parse_typed("progress", "banana"), CommandError)


def test_cohort_add_reads_a_slack_mention_and_options() -> None:
    parsed = parse_typed("cohort", "add <@U012AB3CD|amira> org=Camden seniority=AD pace=3")
    assert parsed == EnrolLeader(
        Mention("U012AB3CD", "amira"), "camden", Seniority.ASSISTANT_DIRECTOR, 3
    )
    assert parse_typed("cohort", "add @amira org=camden seniority=director") == EnrolLeader(
        Mention(None, "amira"), "camden", Seniority.DIRECTOR, None
    )
    assert parse_typed("cohort", "status") == ShowCohortStatus()


def test_cohort_add_explains_what_is_missing_or_wrong() -> None:
    cases = {
        "add": "Start with the person to add, as an @mention.",
        "add amira org=camden seniority=director": "Start with the person to add, as an @mention.",
        "add @amira org=camden": "Give both an org= and a seniority=.",
        "add @amira org=camden seniority=boss": "Seniority is one of: chief-executive, director, "
        "assistant-director, head-of-service, other.",
        "add @amira org=camden seniority=director pace=4": "Pace is 3 or 6 (weeks).",
        "add @amira colour=blue": "I do not understand “colour=blue”.",
        "dance": "/cohort does not know “dance”.",
    }
    for text, problem in cases.items():
        result = parse_typed("cohort", text)
        assert isinstance(result, CommandError), text
        assert result.problem == problem


def test_moderators_unclaim_and_reassign_a_question_by_its_reference() -> None:
    assert parse_typed("cohort", "unclaim Q-3") == UnclaimQuestion("Q-3")
    assert parse_typed("cohort", "reassign q3 <@U012AB3CD|priya>") == ReassignQuestion(
        "q3", Mention("U012AB3CD", "priya")
    )
    cases = {
        "unclaim": "Name the question, as Q-3.",
        "unclaim Q-3 now": "Name only the question.",
        "reassign @priya Q-3": "Name the question, as Q-3.",
        "reassign Q-3 priya": "Name the question, then the moderator as an @mention.",
    }
    for text, problem in cases.items():
        result = parse_typed("cohort", text)
        assert isinstance(result, CommandError), text
        assert result.problem == problem


def test_renamed_commands_appear_in_help_and_examples() -> None:
    names = CommandNames(checkin="/done", progress="/where", cohort="/admin", ask="/ask")
    assert "/done 1-4" in help_text(CommandName.CHECKIN, names)
    error = parse_typed("checkin", "x", 32, names)
    assert isinstance(error, CommandError)
    assert error.example.startswith("/done")


@given(
    command=st.sampled_from(["checkin", "progress", "cohort", "ask"]),
    text=st.text(max_size=300),
    modules=st.integers(min_value=0, max_value=200),
)
def test_any_text_gives_a_command_or_a_helpful_error(command: str, text: str, modules: int) -> None:
    result = parse_typed(command, text, modules, NAMES)
    if isinstance(result, CommandError):
        assert result.problem and result.example
        assert len(result.text) < 500
    else:
        assert isinstance(result, Command)
    if isinstance(result, CheckIn | UndoCheckIn):
        assert all(1 <= n <= modules for n in result.modules)


@given(st.lists(st.integers(min_value=1, max_value=32), min_size=1, max_size=10))
def test_any_list_of_valid_numbers_is_checked_in_sorted_and_once(numbers: list[int]) -> None:
    assert checkin(" ".join(map(str, numbers))) == CheckIn(tuple(sorted(set(numbers))))


def test_a_leader_can_change_pace_plan_pause_resume_and_reminders() -> None:
    from datetime import time

    from bot.core.commands import (
        Pause,
        Resume,
        SetBehindReminders,
        SetNudgeTime,
        SetPace,
        ShowPlan,
    )

    def progress(text: str) -> object:
        return parse_typed("progress", text)

    assert progress("pace 3") == SetPace(3)
    assert progress("plan") == ShowPlan()
    assert progress("pause 2w") == Pause(14)
    assert progress("pause 10d") == Pause(10)
    assert progress("resume") == Resume()
    assert progress("remind Thursday 08:30") == SetNudgeTime(3, time(8, 30))
    assert progress("reminders off") == SetBehindReminders(False)
    for text, problem in [
        ("pace 4", "Pace is 3 or 6 (weeks)."),
        ("pause 9w", "Say how long, up to 8 weeks."),
        ("pause soon", "Say how long, up to 8 weeks."),
        ("remind someday 08:30", "Give a day and a time."),
        ("remind friday 08:10", "Choose a time on the quarter hour."),
        ("dance", "/progress does not know “dance”."),
    ]:
        result = progress(text)
        assert isinstance(result, CommandError), text
        assert result.problem == problem


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("pause 2 weeks", 14),
        ("pause 1 week", 7),
        ("pause 1w2d", 9),
        ("pause 1w 2d", 9),
        ("pause 1 week 2 days", 9),
        ("pause 10 days", 10),
        ("pause 3d", 3),
        ("pause 2W", 14),
        ("pause 8 weeks", 56),
    ],
)
def test_a_pause_is_given_in_days_and_weeks_as_people_write_them(text: str, days: int) -> None:
    from bot.core.commands import Pause

    assert parse_typed("progress", text) == Pause(days)


@pytest.mark.parametrize("text", ["pace 3 weeks", "pace 3w", "pace 3 week", "pace 3weeks"])
def test_a_pace_can_be_given_with_its_unit(text: str) -> None:
    from bot.core.commands import SetPace

    assert parse_typed("progress", text) == SetPace(3)


@pytest.mark.parametrize(
    "text",
    ["pause 2", "pause 2 weeks 3", "pause weeks", "pause 1w1w", "pause 9 weeks", "pace 3 days"],
)
def test_unclear_lengths_are_still_refused_with_an_example(text: str) -> None:
    result = parse_typed("progress", text)
    assert isinstance(result, CommandError), text
