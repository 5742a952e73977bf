"""The weekly nudge on Teams: one card per leader in their chat with the bot, its Mark done
buttons as Action.Execute, nothing sent twice, and nothing lost on someone without the app."""

from __future__ import annotations

from bot.core.model import DeliveryStatus
from bot.core.ports import UNREACHED
from tests.fakes.teams.people import TeamsPerson
from tests.fakes.teams.views import Posted
from tests.teams.conftest import AMIRA, BEN, TeamsHarness
from tests.teams.steps import actions, at, button, chat, press, run_at, texts

MONDAY_WEEK_TWO = at("2027-01-18", 9)


def nudges(h: TeamsHarness, person: TeamsPerson) -> list[Posted]:
    return [p for p in chat(h, person) if "This is week " in (p.text or "")]


async def week_of(h: TeamsHarness, key_prefix: str) -> list[tuple[str, DeliveryStatus, str]]:
    """(recipient, status, error) of each delivery whose key starts with `key_prefix`."""
    async with h.bot.core.services.ctx.uow() as uow:
        cohort = await uow.cohorts.find("teams-cohort")
        assert cohort is not None
        found = []
        for key in sorted(await uow.deliveries.keys_starting(f"{key_prefix}:{cohort.id}:")):
            delivery = await uow.deliveries.get(key)
            assert delivery is not None
            found.append((delivery.recipient, delivery.status, delivery.error or ""))
    return found


async def test_each_installed_leader_gets_one_week_two_nudge_with_mark_done_buttons(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA, BEN)

    await run_at(h, MONDAY_WEEK_TWO)

    for leader in (AMIRA, BEN):
        [nudge] = nudges(h, leader)
        assert (nudge.text or "").startswith(f"Hello {leader.name.split()[0]}. This is week 2")
        marks = [a for a in actions(nudge) if a.get("title") == "Mark done"]
        # One button for each of the week's modules, as many as the nudge says are to do.
        to_do = int((nudge.text or "").split(": ", 1)[1].split()[0])
        assert len(marks) == to_do > 0
        assert {a["type"] for a in marks} == {"Action.Execute"}
        assert {a["verb"] for a in marks} == {"module_done"}
        assert "Week 2: your modules" in str(nudge.cards)

    await run_at(h, at("2027-01-18", 9, 1))  # the live scheduler runs every minute
    await run_at(h, at("2027-01-18", 15))
    assert len(nudges(h, AMIRA)) == 1 and len(nudges(h, BEN)) == 1
    h.teams.assert_no_problems()


async def test_mark_done_on_the_nudge_records_the_module_and_answers_in_the_chat(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)
    await run_at(h, MONDAY_WEEK_TWO)
    [nudge] = nudges(h, AMIRA)

    answer = await press(h, AMIRA, button(nudge, "Mark done"))

    assert answer["statusCode"] == 200
    assert texts(h, AMIRA)[-1].startswith("Done: module 6. Good work.")
    await h.post(h.incoming.personal_message(AMIRA, "progress"))
    assert texts(h, AMIRA)[-1].startswith("You have done 1 of 32 modules.")
    h.teams.assert_no_problems()


async def test_a_leader_without_the_app_gets_nothing_then_only_their_welcome(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(AMIRA)

    await run_at(h, MONDAY_WEEK_TWO)

    assert chat(h, BEN) == []
    nudged = await week_of(h, "nudge")
    [(_, ben_status, ben_error)] = [row for row in nudged if row[0] == BEN.id]
    assert ben_status is DeliveryStatus.FAILED and ben_error.startswith(UNREACHED)
    [(_, amira_status, _)] = [row for row in nudged if row[0] == AMIRA.id]
    assert amira_status is DeliveryStatus.SENT

    await h.install(BEN)

    [welcome] = chat(h, BEN)
    assert (welcome.text or "").startswith("Welcome to Teams cohort")
    await run_at(h, at("2027-01-18", 9, 5))
    assert texts(h, BEN) == [welcome.text]  # the stale nudge stays unsent
    h.teams.assert_no_problems()
