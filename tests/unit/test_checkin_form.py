"""The check-in form and the week a check-in finishes: pure functions of the course."""

from datetime import date

from bot.core.messages import Checkboxes, Choice, Paragraph
from bot.core.model import Curriculum, Module
from bot.core.reflection import week_just_finished
from bot.core.replies.checkin_form import checkin_form, form_saved_message, module_groups
from bot.core.standing import Standing
from tests.unit.typed import SLASH


def course(*units: tuple[str, int]) -> Curriculum:
    modules = [
        Module(f"{title[:3].lower()}-{i}", f"{title} {i}", 15, f"https://x.test/{i}", title)
        for title, count in units
        for i in range(1, count + 1)
    ]
    return Curriculum("Course", tuple(modules))


def standing_in(curriculum: Curriculum, done: set[str], pace: int = 2) -> Standing:
    return Standing(curriculum, frozenset(done), pace, 1, date(2027, 1, 11))


def test_each_unit_is_one_group_and_a_long_unit_is_cut_into_parts_of_ten() -> None:
    groups = module_groups(course(("Basics", 3), ("Statistics", 23)))
    assert [(g.id, g.label, len(g.modules)) for g in groups] == [
        ("unit-1-1", "Basics", 3),
        ("unit-2-1", "Statistics (part 1 of 3)", 10),
        ("unit-2-2", "Statistics (part 2 of 3)", 10),
        ("unit-2-3", "Statistics (part 3 of 3)", 3),
    ]


def test_the_form_numbers_every_module_and_ticks_the_done_ones() -> None:
    curriculum = course(("Basics", 2), ("Statistics", 1))
    form = checkin_form(standing_in(curriculum, {"bas-2"}), SLASH)
    assert form.callback == "checkin_form" and form.submit == "Save"
    assert isinstance(form.blocks[0], Paragraph)
    assert form.inputs == (
        Checkboxes(
            "unit-1-1",
            "Basics",
            (Choice("bas-1", "1. Basics 1"), Choice("bas-2", "2. Basics 2")),
            ("bas-2",),
        ),
        Checkboxes("unit-2-1", "Statistics", (Choice("sta-1", "3. Statistics 1"),), ()),
    )
    assert "/checkin 1-3" in form.text and "/checkin undo 3" in form.text


def test_the_answer_to_a_saved_form_says_what_was_done_and_undone() -> None:
    curriculum = course(("Basics", 4))
    now = standing_in(curriculum, {"bas-1", "bas-3"})
    reply = form_saved_message(now, [3], [2, 4], SLASH)
    assert reply.text.startswith(
        "Done: module 3. Good work. Modules 2 and 4 are now marked as not done. "
        "You have done 2 of 4 modules."
    )
    unchanged = form_saved_message(now, [], [], SLASH)
    assert unchanged.text.startswith("You did not change anything.")


def test_a_check_in_finishes_a_week_only_when_it_completes_that_weeks_modules() -> None:
    curriculum = course(("Basics", 4))  # two weeks of two modules
    assert week_just_finished(standing_in(curriculum, {"bas-1", "bas-2"}), {"bas-2"}) == 1
    assert week_just_finished(standing_in(curriculum, {"bas-1"}), {"bas-1"}) is None
    assert week_just_finished(standing_in(curriculum, {"bas-1", "bas-2"}), set()) is None


def test_finishing_several_weeks_at_once_offers_the_latest() -> None:
    curriculum = course(("Basics", 4))
    everything = {m.id for m in curriculum.modules}
    assert week_just_finished(standing_in(curriculum, everything), everything) == 2
