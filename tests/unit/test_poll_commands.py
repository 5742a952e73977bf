"""The poll commands take a poll's title after them, as typed (issue 12, item 3)."""

from bot.core.commands import (
    ClosePoll,
    CommandError,
    OpenPollForm,
    ShowPollMissing,
    ShowPollResults,
    ShowSessions,
)
from tests.unit.typed import parse_typed


def cohort(text: str) -> object:
    return parse_typed("cohort", text)


def test_poll_commands_without_a_title_mean_the_poll_they_can_only_mean() -> None:
    assert cohort("poll") == OpenPollForm()
    assert cohort("poll results") == ShowPollResults()
    assert cohort("POLL Missing") == ShowPollMissing()
    assert cohort("poll close") == ClosePoll()
    assert cohort("sessions") == ShowSessions()


def test_a_title_after_the_command_is_kept_as_typed_without_quotes_around_it() -> None:
    assert cohort("poll close Follow-up session") == ClosePoll("Follow-up session")
    assert cohort("poll results “Week 3 reflection”") == ShowPollResults("Week 3 reflection")
    assert cohort("poll missing 'Week 3'") == ShowPollMissing("Week 3")
    assert cohort('sessions "Follow-up  session"') == ShowSessions("Follow-up session")


def test_an_unknown_poll_word_is_explained() -> None:
    error = cohort("poll shut Week 3")
    assert isinstance(error, CommandError)
    assert error.problem == "/cohort poll takes results, missing or close, not “shut Week 3”."
