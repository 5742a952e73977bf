"""/checkin on its own opens a modal of every module; saving it records ticks and unticks."""

from __future__ import annotations

from tests.fakes.block_find import Choice
from tests.slack.conftest import AMIRA, FATIMA, Harness, listeners_finished
from tests.slack.leader_steps import checkin, direct_messages, open_checkin_form, sources

UNIT_1 = [
    "data-and-better-decisions",
    "what-counts-as-data-in-a-council",
    "data-as-a-shared-asset",
    "leading-a-data-literate-organisation",
]
MODULE_5 = "from-a-problem-to-a-question"


async def test_the_modal_lists_every_module_by_unit_with_the_done_ones_ticked(
    harness: Harness,
) -> None:
    h = harness
    await checkin(h, "1-3", AMIRA)
    view = await open_checkin_form(h, AMIRA)
    assert view["callback_id"] == "checkin_form"
    assert view["title"]["text"] == "Your modules"
    assert view["submit"]["text"] == "Save"
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["label"]["text"] for b in inputs[:2]] == [
        "Why data matters",
        "Asking the right questions",
    ]
    assert all(b["optional"] and b["element"]["type"] == "checkboxes" for b in inputs)
    options = [o for b in inputs for o in b["element"]["options"]]
    assert len(options) == 32
    assert options[0]["text"]["text"] == "1. Data and better decisions"
    ticked = [o["value"] for o in inputs[0]["element"]["initial_options"]]
    assert ticked == UNIT_1[:3]
    assert "initial_options" not in inputs[1]["element"]
    assert h.api.calls_to("response_url")[-1].args["text"].startswith("Done: modules 1, 2 and 3")


async def test_saving_the_modal_records_ticks_and_unticks_and_replies_by_direct_message(
    harness: Harness,
) -> None:
    h = harness
    await direct_messages(h, AMIRA, 1)  # the welcome
    await checkin(h, "1-3", AMIRA)
    await open_checkin_form(h, AMIRA)
    ticks: dict[str, Choice] = {"unit-1-1": UNIT_1[1:], "unit-2-1": [MODULE_5]}
    answer = await h.slack.submit(AMIRA, ticks)
    assert answer.status == 200 and not answer.body  # an empty answer closes the modal
    texts = await direct_messages(h, AMIRA, 2)
    assert texts[-1].startswith(
        "Done: modules 4 and 5. Good work. Module 1 is now marked as not done. "
        "You have done 4 of 32 modules."
    )
    assert await sources(h, AMIRA) == {
        UNIT_1[1]: "command",
        UNIT_1[2]: "command",
        UNIT_1[3]: "form",
        MODULE_5: "form",
    }


async def test_a_retried_submission_is_recorded_once(harness: Harness) -> None:
    h = harness
    await direct_messages(h, AMIRA, 1)
    view = await open_checkin_form(h, AMIRA)
    ticks: dict[str, Choice] = {"unit-1-1": UNIT_1[:2]}
    await h.slack.submit(AMIRA, ticks, view_id=view["id"])
    await direct_messages(h, AMIRA, 2)
    await checkin(h, "undo 2", AMIRA)
    await h.slack.submit(AMIRA, ticks, view_id=view["id"])
    await listeners_finished()
    assert await sources(h, AMIRA) == {UNIT_1[0]: "form"}
    await h.bot.core.services.outbox.dispatch_due()
    assert len(h.slack.ws.messages_in("D" + AMIRA)) == 2


async def test_saving_without_changes_says_so(harness: Harness) -> None:
    h = harness
    await direct_messages(h, AMIRA, 1)
    await checkin(h, "2", AMIRA)
    await open_checkin_form(h, AMIRA)
    await h.slack.submit(AMIRA, {})
    texts = await direct_messages(h, AMIRA, 2)
    assert texts[-1].startswith("You did not change anything. You have done 1 of 32 modules.")
    assert await sources(h, AMIRA) == {UNIT_1[1]: "command"}


async def test_someone_not_enrolled_gets_a_private_answer_instead_of_a_modal(
    harness: Harness,
) -> None:
    h = harness
    text = await checkin(h, "", FATIMA)
    assert text == (
        "You are not enrolled in a cohort yet. Press Join the cohort to sign up for Test cohort."
    )
    assert h.api.calls_to("views.open") == []


async def test_help_still_explains_the_command(harness: Harness) -> None:
    h = harness
    text = await checkin(h, "help", AMIRA)
    assert "/checkin on its own: every module, to tick the ones you have done" in text
