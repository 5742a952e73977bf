"""Recruitment on Teams: the coordinator posts the sign-up message in a channel, and a
newcomer presses Join, fills in the join dialog and is seated with a welcome.

On Teams a coordinator posts the message by typing `cohort recruit` in the channel it is
for (with the bot @mentioned), or names another channel of the team by @mentioning it.
"""

from __future__ import annotations

from tests.fakes.teams.activities import at as mention_of
from tests.fakes.teams.people import TeamsBot, TeamsPerson
from tests.fakes.teams.views import Posted
from tests.teams.conftest import COHORT, SAM, TEAM, TeamsHarness
from tests.teams.steps import actions, button, open_dialog, submit_dialog, texts

BOT = TeamsBot()
GINA = TeamsPerson("29:gina", "Gina Lopez", email="gina.lopez@camden.gov.uk")
RECRUITING = "19:recruiting@thread.tacv2"
# A channel mentioned in a message: Teams names it with the channel's id.
RECRUITING_MENTION = TeamsPerson(RECRUITING, "Recruiting")
JOIN = "Join the cohort"
GOOD_FORM = {
    "organisation": "camden",
    "job_title": "Director of Data",
    "seniority": "director",
    "pace": "3",
    "consent": "agreed",
}


async def coordinator_says(
    h: TeamsHarness, words: str, channel: str, mentions: tuple[TeamsPerson, ...] = ()
) -> None:
    text = f"{mention_of(BOT)} {words}"
    activity = h.incoming.channel_message(
        SAM, text, channel_id=channel, team_id=TEAM, mentions=[BOT, *mentions]
    )
    status, body = await h.post(activity)
    assert status in (200, 202), body
    await h.settle()


def sign_up_posts(h: TeamsHarness, channel: str) -> list[Posted]:
    return [
        t.root
        for t in h.teams.threads(channel)
        if t.root is not None and any(a.get("title") == JOIN for a in actions(t.root))
    ]


async def test_recruit_typed_in_a_channel_posts_the_sign_up_there_and_a_newcomer_joins(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    h.teams.add_members(TEAM, GINA)
    await h.install(SAM, GINA)

    await coordinator_says(h, "cohort recruit", COHORT)

    [post] = sign_up_posts(h, COHORT)
    assert texts(h, SAM)[-1].startswith("The sign-up message is on its way to the channel.")
    in_channel = h.incoming.channel(COHORT, post.id, TEAM)
    form = await open_dialog(h, GINA, button(post, JOIN), in_channel)
    closed = await submit_dialog(h, GINA, form, GOOD_FORM, in_channel)

    assert closed == {}
    [seated] = texts(h, GINA)  # one message: the seat and the welcome together
    assert seated.startswith("You have a seat for Camden Council. Welcome to Teams cohort.")
    h.teams.assert_no_problems()


async def test_a_coordinator_can_name_another_channel_by_mentioning_it(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    h.teams.add_channel(RECRUITING, TEAM)
    await h.install(SAM)

    await coordinator_says(
        h, f"cohort recruit {mention_of(RECRUITING_MENTION)}", COHORT, (RECRUITING_MENTION,)
    )

    assert len(sign_up_posts(h, RECRUITING)) == 1
    assert sign_up_posts(h, COHORT) == []
    h.teams.assert_no_problems()


async def test_recruit_alone_in_the_coordinators_own_chat_asks_where(
    teams_harness: TeamsHarness,
) -> None:
    h = teams_harness
    await h.install(SAM)
    await h.post(h.incoming.personal_message(SAM, "cohort recruit"))
    assert texts(h, SAM)[-1].startswith(
        "Name the channel to post in, with #, or type this in that channel."
    )
