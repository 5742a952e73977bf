"""After finishing a week of their plan, a leader is offered one reflection question."""

from __future__ import annotations

from tests.slack.conftest import AMIRA, BEN, Harness, listeners_finished
from tests.slack.leader_steps import (
    checkin,
    direct_messages,
    messages_in,
    open_checkin_form,
    reflections,
)

COHORT_CHANNEL = "C0COHORT01"
PROMPT = "You have finished the modules for week 1 of your plan."
REFLECT = "reflection_open"


def prompts(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith("You have finished the modules")]


async def offered_prompt_ts(h: Harness, user: str, count: int) -> str:
    """Wait for the user's `count`th direct message, which must be the prompt; its ts."""
    messages = await messages_in(h, "D" + user, count)
    assert messages[-1]["text"].startswith(PROMPT)
    return str(messages[-1]["ts"])


async def reflect(h: Harness, user: str, prompt_ts: str) -> None:
    """Press Reflect under the question; the form must open."""
    before = len(h.api.calls_to("views.open"))
    await h.slack.click(user, REFLECT, channel_id="D" + user, message_ts=prompt_ts)
    await h.api.wait_for("views.open", count=before + 1)


async def test_finishing_a_week_offers_the_question_once_by_direct_message(
    harness: Harness,
) -> None:
    h = harness
    await direct_messages(h, AMIRA, 1)  # the welcome
    reply = await checkin(h, "1-4", AMIRA)
    assert reply.startswith("Done: modules 1, 2, 3 and 4.")
    await checkin(h, "5", AMIRA)
    texts = await direct_messages(h, AMIRA, 2)
    assert texts[-1] == (
        f"{PROMPT} Well done. How could you use this in your service? "
        "You can answer privately or share your answer with the cohort."
    )
    await checkin(h, "undo 5", AMIRA)
    await checkin(h, "5", AMIRA)
    await h.bot.core.services.outbox.dispatch_due()
    assert len(prompts(await direct_messages(h, AMIRA, 2))) == 1
    [offered] = await reflections(h, AMIRA)
    assert (offered.week, offered.text) == (1, None)


async def test_a_private_reflection_is_kept_and_not_posted_anywhere(harness: Harness) -> None:
    h = harness
    h.api.add_channel(COHORT_CHANNEL, "data-master-class")
    await direct_messages(h, BEN, 1)
    await checkin(h, "1-11", BEN)  # Ben's first week, at his 3-week pace
    await reflect(h, BEN, await offered_prompt_ts(h, BEN, 2))
    view = h.slack.ws.open_modal(BEN)
    assert view is not None and view["title"]["text"] == "Reflect on week 1"
    answer = "I will ask which of our dashboards anyone opens."
    await h.slack.submit(BEN, {"answer": answer})
    texts = await direct_messages(h, BEN, 3)
    assert texts[-1] == "Thank you. I have kept your reflection private."
    [kept] = await reflections(h, BEN)
    assert (kept.text, kept.shared) == (answer, False)
    assert not [m for m in h.slack.ws.messages_in(COHORT_CHANNEL) if answer in str(m)]


async def test_a_shared_reflection_reaches_the_cohort_channel_once_with_the_leaders_name(
    harness: Harness,
) -> None:
    h = harness
    h.api.add_channel(COHORT_CHANNEL, "data-master-class")
    await direct_messages(h, AMIRA, 1)
    await checkin(h, "1-5", AMIRA)
    await reflect(h, AMIRA, await offered_prompt_ts(h, AMIRA, 2))
    view = h.slack.ws.open_modal(AMIRA)
    assert view is not None
    answer = "<!channel> Ask for the data behind our next budget paper & <http://x.test|this>"
    await h.slack.submit(AMIRA, {"answer": answer, "share": "cohort"}, view_id=view["id"])
    await h.slack.submit(AMIRA, {"answer": answer, "share": "cohort"}, view_id=view["id"])
    texts = await direct_messages(h, AMIRA, 3)
    assert texts[-1] == "Thank you. I have shared your reflection in the cohort channel."
    channel = await messages_in(h, COHORT_CHANNEL, 1)
    [posted] = [m for m in channel if "shared a reflection" in m["text"]]
    assert posted["text"].startswith("Amira Khan shared a reflection: ")
    shown = [b["text"]["text"] for b in posted["blocks"]]
    assert shown == [
        "Amira Khan shared a reflection. How could you use this in your service?",
        "&lt;!channel&gt; Ask for the data behind our next budget paper &amp; "
        "&lt;http://x.test|this&gt;",
    ]
    await listeners_finished()
    await h.bot.core.services.outbox.dispatch_due()
    in_channel = [m["text"] for m in h.slack.ws.messages_in(COHORT_CHANNEL)]
    assert len([t for t in in_channel if "shared a reflection" in t]) == 1
    assert len(await direct_messages(h, AMIRA, 3)) == 3
    [kept] = await reflections(h, AMIRA)
    assert (kept.text, kept.shared) == (answer, True)


async def test_pressing_reflect_again_after_answering_says_it_is_done(harness: Harness) -> None:
    h = harness
    await direct_messages(h, BEN, 1)
    await checkin(h, "1-11", BEN)
    prompt_ts = await offered_prompt_ts(h, BEN, 2)
    await reflect(h, BEN, prompt_ts)
    await h.slack.submit(BEN, {"answer": "Start with one service."})
    await direct_messages(h, BEN, 3)
    before = len(h.api.calls_to("response_url"))
    await h.slack.click(BEN, REFLECT, channel_id="D" + BEN, message_ts=prompt_ts)
    [*_, said] = await h.api.wait_for("response_url", count=before + 1)
    assert said.args["text"] == "You have already answered the question for week 1. Thank you."
    assert said.args["response_type"] == "ephemeral"


async def test_finishing_a_week_in_the_modal_also_offers_the_question(harness: Harness) -> None:
    h = harness
    await direct_messages(h, AMIRA, 1)
    view = await open_checkin_form(h, AMIRA)
    unit_1 = [o["value"] for o in view["blocks"][1]["element"]["options"]]
    await h.slack.submit(AMIRA, {"unit-1-1": unit_1, "unit-2-1": ["from-a-problem-to-a-question"]})
    confirmation, prompt = sorted((await direct_messages(h, AMIRA, 3))[1:])  # either order
    assert confirmation.startswith("Done: modules 1, 2, 3, 4 and 5. Good work.")
    assert prompt.startswith(PROMPT)


async def test_finishing_a_week_with_a_home_tab_button_offers_the_question(
    harness: Harness,
) -> None:
    h = harness
    await direct_messages(h, BEN, 1)
    await checkin(h, "1-10", BEN)
    await h.slack.app_home_opened(BEN)
    await h.api.wait_for("views.publish")
    await h.slack.click(BEN, "module_done", "correlation-is-not-causation")
    await offered_prompt_ts(h, BEN, 2)
