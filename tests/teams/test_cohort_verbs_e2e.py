"""The coordinators' cohort verbs on Teams: an announcement written in a dialog and sent
with a card's button, the note to those behind from a dialog a card opens, and closing."""

from __future__ import annotations

from datetime import datetime

from tests.teams.conftest import AMIRA, BEN, COHORT, LONDON, SAM, TeamsHarness
from tests.teams.steps import button, chat, open_dialog, press, submit_dialog, texts

NEWS = "The session on 2 March moves to Room 4, City Hall."
WEEK_THREE = datetime(2027, 1, 27, 10, 0, tzinfo=LONDON)


async def say(h: TeamsHarness, words: str) -> None:
    """Sam types to the bot in his chat with it."""
    status, _ = await h.post(h.incoming.personal_message(SAM, words))
    assert status in (200, 202)
    await h.settle()


def channel_texts(h: TeamsHarness) -> list[str]:
    return [t.root.text or "" for t in h.teams.threads(COHORT) if t.root is not None]


async def test_an_announcement_is_written_in_a_dialog_checked_and_sent_once(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM, AMIRA, BEN)
    await say(h, "cohort announce")
    form = await open_dialog(h, SAM, button(chat(h, SAM)[-1], "Announce to the cohort"))

    assert await submit_dialog(h, SAM, form, {"message": NEWS, "audience": "everyone"}) == {}
    check = chat(h, SAM)[-1]
    assert (check.text or "").startswith("Check your announcement. It goes to the cohort")
    await press(h, SAM, button(check, "Send to 2 leaders"))
    await press(h, SAM, button(check, "Send to 2 leaders"))

    assert texts(h, SAM)[-1].startswith("You sent this announcement on")
    assert [t for t in channel_texts(h) if t.startswith("Announcement:")] == [
        f"Announcement: {NEWS} From Sam Okafor, coordinator of Teams cohort."
    ]
    for leader in (AMIRA, BEN):
        assert (
            texts(h, leader).count(
                f"Announcement: {NEWS} From Sam Okafor, coordinator of Teams cohort."
            )
            == 1
        )
    h.teams.assert_no_problems()


async def test_the_note_to_those_behind_opens_from_the_progress_card(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM, AMIRA, BEN)
    h.clock.set(WEEK_THREE)
    await say(h, "cohort progress")
    form = await open_dialog(h, SAM, button(chat(h, SAM)[-1], "Write to the leaders behind"))
    assert "2 leaders are behind their plan." in str(form["card"])

    assert await submit_dialog(h, SAM, form, {"note": "Module 1 is a good start."}) == {}

    assert texts(h, SAM)[-1] == "Your note goes to 2 leaders now: Ben Adeyemi and Amira Khan."
    assert texts(h, BEN)[-1].startswith("Hello Ben. Module 1 is a good start. From Sam Okafor")
    h.teams.assert_no_problems()


async def test_closing_posts_the_summary_in_the_cohort_channel(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM, AMIRA, BEN)
    await say(h, "cohort close")

    await press(h, SAM, button(chat(h, SAM)[-1], "Close the cohort"))

    assert texts(h, SAM)[-1].startswith("Teams cohort is closed.")
    assert [t for t in channel_texts(h) if t.startswith("Teams cohort has closed.")]
    h.teams.assert_no_problems()
