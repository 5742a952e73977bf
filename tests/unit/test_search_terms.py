"""The words a question is searched by, the same for SQLite and PostgreSQL."""

from bot.core.questions import MAX_TERMS, search_terms


def test_common_words_repeats_and_punctuation_are_left_out() -> None:
    assert search_terms("How do I choose MEASURES for a new service? Measures!") == (
        "choose",
        "measures",
        "new",
        "service",
    )


def test_only_words_reach_the_database_whatever_was_typed() -> None:
    typed = 'measures" OR -data NEAR(x) <@U0AMIRA001> café_2027'
    assert search_terms(typed) == ("measures", "data", "near", "u0amira001", "café_2027")
    assert all(term.replace("_", "").isalnum() for term in search_terms(typed))
    assert search_terms("? ! - the a") == ()


def test_a_long_question_is_searched_by_its_first_words() -> None:
    words = " ".join(f"word{n}" for n in range(40))
    assert search_terms(words) == tuple(f"word{n}" for n in range(MAX_TERMS))
