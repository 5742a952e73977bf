"""Recruitment and roles through signed requests and the fake Slack: the sign-up message,
the join form and the shortcut, waitlists and promotion, approving, moving and
withdrawing, champions, roles, and refusing whatever a leader crafts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from bot.core.help_texts import HELP
from bot.core.model import EnrolmentStatus, Role
from bot.core.platforms import CommandName
from bot.core.replies.data_rights import FORGET_ME
from bot.core.services.roles import COORDINATOR_BUTTONS, MODERATOR_BUTTONS
from handlers.slack.ids import SHORTCUTS
from storage.orm import AuditRow, DeliveryRow, PollRow
from tests.slack.conftest import AMIRA, BEN, FATIMA, MODERATORS, SAM, Harness
from tests.slack.question_steps import asked, bot_posts, press, settle
from tests.slack.test_commands_e2e import reply_to
from tests.slack.test_data_rights_e2e import press_in_reply

# The tests send the outbox themselves, so each message is there when they look.
pytestmark = pytest.mark.manual_outbox

GINA, HARRY, IQBAL, JO = "U0GINA0001", "U0HARRY001", "U0IQBAL001", "U0JO000001"
RECRUITING = "C0RECRUIT1"
JOIN = "join_cohort"
GOOD_FORM = {
    "organisation": "islington",
    "job_title": "Director of Data",
    "seniority": "director",
    "pace": "3",
    "consent": ["agreed"],
}
COORDINATORS_ONLY = "/cohort is for the cohort's coordinators."


@pytest.fixture
def h(harness: Harness) -> Harness:
    """The harness with four more people who have not signed up, and a recruiting channel."""
    for user, name in [
        (GINA, "Gina Lopez"),
        (HARRY, "Harry Osei"),
        (IQBAL, "Iqbal Rahman"),
        (JO, "Jo Brennan"),
    ]:
        harness.api.add_user(user, name)
    harness.api.add_channel(RECRUITING, "recruiting")
    return harness


async def post_sign_up(h: Harness) -> dict[str, Any]:
    """The coordinator posts the sign-up message; the message as it appears in the channel."""
    reply = await reply_to(h, "/cohort", f"recruit <#{RECRUITING}|recruiting>", SAM)
    assert reply["text"].startswith("The sign-up message is on its way to the channel.")
    await settle(h)
    [post] = bot_posts(h, RECRUITING)
    return post


async def open_join_form(h: Harness, user: str, post: dict[str, Any]) -> dict[str, Any]:
    before = len(h.api.calls_to("views.open"))
    response = await h.slack.click(user, JOIN, channel_id=RECRUITING, message_ts=post["ts"])
    assert response.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(user)
    assert view is not None and view["callback_id"] == "join_form"
    return view


async def join(h: Harness, user: str, post: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Press Join, fill in the form and send it; the direct message that answers."""
    await open_join_form(h, user, post)
    before = len(dms(h, user))
    answer = await h.slack.submit(user, {**GOOD_FORM, **changes})
    assert answer.status == 200 and not answer.body, answer.body
    await settle(h)
    received = dms(h, user)
    assert len(received) == before + 1
    return received[-1]


def dms(h: Harness, user: str) -> list[dict[str, Any]]:
    return bot_posts(h, "D" + user)


async def audit(h: Harness) -> list[tuple[str, dict[str, Any], int | None]]:
    """The audit log: (action, details, actor's person id), oldest first."""
    async with h.bot.core.engine.connect() as connection:
        rows = await connection.execute(
            select(AuditRow.action, AuditRow.details, AuditRow.actor_person_id).order_by(
                AuditRow.id
            )
        )
        return [(a, dict(d), p) for a, d, p in rows]


async def count(h: Harness, table: Any) -> int:
    async with h.bot.core.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def status_of(h: Harness, user: str) -> EnrolmentStatus | None:
    async with h.bot.core.services.ctx.uow() as uow:
        person = await uow.people.find("slack", user)
        if person is None or person.id is None:
            return None
        leader = [e for e in await uow.enrolments.for_person(person.id) if e.role is Role.LEADER]
        return leader[0].status if leader else None


# Signing up.


async def test_a_leader_joins_from_the_sign_up_message_and_gets_a_seat(h: Harness) -> None:
    post = await post_sign_up(h)
    assert post["text"].startswith("Test cohort is recruiting: Data Master Class")
    assert "3 seats of 5 still free" in post["text"]
    view = await open_join_form(h, GINA, post)
    shown = str(view["blocks"])
    assert "Islington Council (1 seat free)" in shown and "Camden Council (1 seat free)" in shown
    welcome = await join(h, GINA, post)
    assert welcome["text"].startswith(
        "You have a seat for Islington Council. Welcome to Test cohort."
    )
    progress = await reply_to(h, "/progress", "", GINA)
    assert "This is week 1 of 3." in progress["text"]
    async with h.bot.core.services.ctx.uow() as uow:
        person = await uow.people.find("slack", GINA)
        assert person is not None and person.id is not None
        [enrolment] = await uow.enrolments.for_person(person.id)
    assert enrolment.job_title == "Director of Data" and enrolment.consented_at is not None
    assert person.seniority is not None and person.organisation_id == "islington"
    assert (
        "sign-up",
        {"person_id": person.id, "organisation": "islington", "position": None},
        person.id,
    ) in await audit(h)
    h.api.assert_no_problems()


async def test_joining_needs_consent_and_each_problem_shows_under_its_field(
    h: Harness,
) -> None:
    post = await post_sign_up(h)
    await open_join_form(h, GINA, post)
    answer = await h.slack.submit(GINA, {**GOOD_FORM, "consent": [], "job_title": " "})
    assert answer.json["response_action"] == "errors"
    assert answer.json["errors"] == {
        "consent": "Tick the box to agree to the privacy notice, or you cannot join.",
        "job_title": "Give your job title.",
    }
    await settle(h)
    assert await status_of(h, GINA) is None
    assert dms(h, GINA) == []


async def test_a_full_organisation_waitlists_and_a_withdrawal_promotes_the_first(
    h: Harness,
) -> None:
    post = await post_sign_up(h)
    await join(h, GINA, post)  # Islington's one seat
    harry = await join(h, HARRY, post)
    assert harry["text"] == (
        "Thank you for signing up to Test cohort. Islington Council's one seat is taken, "
        "so you are on its waitlist: number 1. When a seat comes free, the first on the "
        "waitlist gets it and I will tell you at once."
    )
    iqbal = await join(h, IQBAL, post)
    assert "on its waitlist: number 2." in iqbal["text"]
    again = await press(h, HARRY, JOIN, post)
    assert again["text"] == (
        "You are already on Islington Council's waitlist: number 1. "
        "I will tell you as soon as a seat comes free."
    )
    assert await status_of(h, HARRY) is EnrolmentStatus.WAITLISTED
    waiting = await reply_to(h, "/progress", "", HARRY)
    assert waiting["text"] == (
        "You are on Islington Council's waitlist: number 1. Your course starts when a seat "
        "comes free, and I will tell you at once."
    )

    withdrawn = await reply_to(h, "/cohort", f"withdraw <@{GINA}|gina>", SAM)
    assert withdrawn["text"] == (
        "Withdrew Gina Lopez from Test cohort. Harry Osei had the next place on "
        "Islington Council's waitlist and now has a seat."
    )
    await settle(h)
    assert dms(h, HARRY)[-1]["text"].startswith(
        "Good news: a seat came free for Islington Council, so it is yours. Welcome to Test cohort."
    )
    assert dms(h, GINA)[-1]["text"].startswith("A coordinator has withdrawn you from Test cohort")
    assert await status_of(h, HARRY) is EnrolmentStatus.ACTIVE
    assert await status_of(h, GINA) is EnrolmentStatus.WITHDRAWN
    progress = await reply_to(h, "/progress", "", HARRY)
    assert "This is week 1 of 3." in progress["text"]
    still = await press(h, IQBAL, JOIN, post)
    assert still["text"].startswith("You are already on Islington Council's waitlist: number 1.")
    actions = [a for a, _, _ in await audit(h)]
    assert actions[-2:] == ["withdraw", "promote-from-waitlist"]
    h.api.assert_no_problems()


async def test_a_coordinator_approves_from_the_waitlist_and_moves_a_leader(h: Harness) -> None:
    post = await post_sign_up(h)
    await join(h, GINA, post)
    await join(h, HARRY, post)  # waiting for Islington
    full = await reply_to(h, "/cohort", f"enrol <@{HARRY}|harry> org=islington", SAM)
    assert full["text"].startswith("Islington Council has no free seat: 1 of 1 seat taken.")
    [value] = [e["value"] for b in full["blocks"] if b["type"] == "actions" for e in b["elements"]]
    approved = await press_in_reply(h, SAM, full, "cohort_place_over_seats", value)
    assert approved["text"] == (
        "Gave Harry Osei a seat for Islington Council from the waitlist. I have sent them a "
        "welcome message. Islington Council now has 1 of 1 seat taken, 1 leader over."
    )
    await settle(h)
    assert dms(h, HARRY)[-1]["text"].startswith(
        "Good news: a coordinator has given you a seat for Islington Council."
    )
    await join(h, IQBAL, post, organisation="camden")  # Camden's second seat, beside Amira
    jo = await join(h, JO, post, organisation="camden")
    assert "Camden Council's 2 seats are taken" in jo["text"]
    moved = await reply_to(h, "/cohort", f"enrol <@{AMIRA}|amira> org=hackney", SAM)
    assert moved["text"] == (
        "Moved Amira Khan to Hackney Council. Hackney Council now has 2 of 2 seats taken. "
        "Jo Brennan had the next place on Camden Council's waitlist and now has a seat."
    )
    await settle(h)
    assert dms(h, AMIRA)[-1]["text"] == (
        "A coordinator has moved your place in the cohort to Hackney Council."
    )
    assert await status_of(h, JO) is EnrolmentStatus.ACTIVE
    same = await reply_to(h, "/cohort", f"enrol <@{AMIRA}|amira> org=hackney", SAM)
    assert same["text"] == "Amira Khan already has a seat for Hackney Council."
    unknown = await reply_to(h, "/cohort", f"enrol <@{AMIRA}> org=mars", SAM)
    assert unknown["text"].startswith("There is no organisation “mars” in this cohort.")
    entries = await audit(h)
    assert [a for a, _, _ in entries if a in {"approve", "move", "promote-from-waitlist"}] == [
        "approve",
        "move",
        "promote-from-waitlist",
    ]
    move = next(d for a, d, _ in entries if a == "move")
    assert move["organisation"] == "hackney" and move["from"] == "camden"
    h.api.assert_no_problems()


async def test_the_shortcut_opens_the_same_form_or_says_why_not(h: Harness) -> None:
    response = await h.slack.shortcut(GINA, JOIN)
    assert response.status == 200
    await h.api.wait_for("views.open", count=1)
    view = h.slack.ws.open_modal(GINA)
    assert view is not None and view["callback_id"] == "join_form"
    assert view["private_metadata"]  # the cohort it is for
    answer = await h.slack.submit(GINA, GOOD_FORM)
    assert answer.status == 200 and not answer.body
    await settle(h)
    assert dms(h, GINA)[-1]["text"].startswith("You have a seat for Islington Council.")
    posts = len(h.api.calls_to("chat.postMessage"))
    await h.slack.shortcut(AMIRA, JOIN)
    await settle(h)
    assert len(h.api.calls_to("chat.postMessage")) == posts + 1
    async with h.bot.core.engine.connect() as connection:
        keys = list(await connection.scalars(select(DeliveryRow.key)))
    assert any(key.startswith("answer:") for key in keys)  # sent through the outbox
    assert dms(h, AMIRA)[-1]["text"] == (
        "You are already enrolled on Test cohort. See where you are with /progress."
    )
    assert len(h.api.calls_to("views.open")) == 1
    h.api.assert_no_problems()


def test_the_manifest_declares_the_shortcut_and_the_email_scope() -> None:
    manifest = yaml.safe_load(Path("manifest.yml").read_text(encoding="utf-8"))
    shortcuts = manifest["features"]["shortcuts"]
    assert [(s["callback_id"], s["type"]) for s in shortcuts] == [(c, "global") for c in SHORTCUTS]
    assert "users:read.email" in manifest["oauth_config"]["scopes"]["bot"]


# Champions and the funnel.


async def test_a_champion_sees_only_their_organisations_sign_ups(h: Harness) -> None:
    named = await reply_to(h, "/cohort", f"champion <@{FATIMA}|fatima> org=islington", SAM)
    assert named["text"] == (
        "Fatima Ali is now Islington Council's champion: they can see its sign-ups with "
        "/cohort recruitment. I have told them."
    )
    post = await post_sign_up(h)
    assert dms(h, FATIMA)[-1]["text"].startswith("You are Islington Council's champion")
    await join(h, GINA, post)
    await join(h, HARRY, post)
    await reply_to(h, "/checkin", "1", GINA)
    own = await reply_to(h, "/cohort", "recruitment", FATIMA)
    assert own["text"] == (
        "Recruitment for Islington Council in Test cohort: 1 of 1 seat taken, 1 waiting, "
        "0 invited by email."
    )
    shown = str(own["blocks"])
    assert "Islington Council (1 seat): invited 0, joined 1, waitlisted 1, started 1" in shown
    assert "Gina Lopez (Director of Data, Director): enrolled, 1 of 32 modules done" in shown
    assert "Harry Osei (Director of Data, Director): waitlist 1 for Islington Council" in shown
    assert "Camden" not in shown and "Amira" not in shown
    other = await reply_to(h, "/cohort", "status", FATIMA)
    assert other["text"].startswith(COORDINATORS_ONLY)
    everyone = await reply_to(h, "/cohort", "recruitment", SAM)
    assert everyone["text"] == (
        "Recruitment for Test cohort: 3 of 5 seats taken, 1 waiting, 0 invited by email."
    )
    shown = str(everyone["blocks"])
    assert "Camden Council (2 seats): invited 0, joined 1, waitlisted 0" in shown
    assert "Harry Osei (Director of Data, Director): waitlist 1 for Islington Council" in shown
    assert "Gina Lopez" not in shown  # the coordinators' view lists only who is waiting
    h.api.assert_no_problems()


# Roles.


async def test_a_coordinator_gives_and_takes_the_coordinator_role(h: Harness) -> None:
    given = await reply_to(h, "/cohort", f"role add <@{AMIRA}|amira> coordinator", SAM)
    assert given["text"] == "Amira Khan is now a coordinator of Test cohort."
    status = await reply_to(h, "/cohort", "status", AMIRA)
    assert status["text"].startswith("Test cohort: 2 of 5 seats taken.")
    taken = await reply_to(h, "/cohort", f"role remove <@{AMIRA}|amira> coordinator", SAM)
    assert taken["text"] == "Amira Khan is no longer a coordinator of Test cohort."
    refused = await reply_to(h, "/cohort", "status", AMIRA)
    assert refused["text"].startswith(COORDINATORS_ONLY)
    last = await reply_to(h, "/cohort", f"role remove <@{SAM}|sam> coordinator", SAM)
    assert last["text"] == (
        "Sam Okafor is the cohort's only coordinator. Add another before removing them."
    )
    twice = await reply_to(h, "/cohort", f"role remove <@{AMIRA}> coordinator", SAM)
    assert twice["text"] == "Amira Khan is not a coordinator of Test cohort."
    logged = [(a, d) for a, d, _ in await audit(h) if a.startswith("role-")]
    assert [(a, d["role"]) for a, d in logged] == [
        ("role-add", "coordinator"),
        ("role-remove", "coordinator"),
    ]


async def test_a_moderator_given_the_role_can_moderate_until_it_is_taken(h: Harness) -> None:
    card, _ = await asked(h, AMIRA, "How do I choose a measure?")
    given = await reply_to(h, "/cohort", f"role add <@{BEN}|ben> moderator", SAM)
    assert given["text"] == "Ben Adeyemi is now a moderator of Test cohort."
    claimed = await press(h, BEN, "question_claim", card)
    assert claimed["text"].startswith("You have claimed Q-1.")
    taken = await reply_to(h, "/cohort", f"role remove <@{BEN}|ben> moderator", SAM)
    assert taken["text"].startswith("Ben Adeyemi is no longer a moderator of Test cohort.")
    refused = await press(h, BEN, "question_mark_answered", card)
    assert refused["text"] == "Only the cohort's moderators can do that."
    assert (await audit(h))[-1][:2] == ("refused", {"command": "button question_mark_answered"})
    # Members of the moderators' channel moderate with no role at all.
    channel = await press(h, FATIMA, "question_mark_answered", card)
    assert channel["text"].startswith("Q-1 is marked answered.")
    assert MODERATORS in h.slack.ws.channels


# Crafted requests from a leader.


def cohort_commands() -> list[str]:
    """Every /cohort command the help names, with extras the help only hints at."""
    shown = re.findall(r"^\{cohort\} ([^:\n]+):", HELP[CommandName.COHORT], re.MULTILINE)
    extras = [
        "poll missing",
        "poll close",
        "role remove @person coordinator",
        "enrol @person org=camden",
        "something nobody wrote",
    ]
    return sorted({*shown, *extras})


async def test_every_cohort_command_from_a_leader_is_refused_and_logged_without_its_text(
    h: Harness,
) -> None:
    commands = cohort_commands()
    subcommands = {c.split()[0] for c in commands}
    assert {"status", "recruitment", "recruit", "champion", "enrol", "withdraw", "role"} <= (
        subcommands
    )
    deliveries = await count(h, DeliveryRow)
    opened = len(h.api.calls_to("views.open"))
    for text in commands:
        reply = await reply_to(h, "/cohort", text, AMIRA)
        assert reply["text"].startswith(COORDINATORS_ONLY), text
        action, details, actor = (await audit(h))[-1]
        first = text.split()[0] if text != "something nobody wrote" else "(not understood)"
        assert (action, details) == ("refused", {"command": f"/cohort {first}"}), text
        assert actor is not None
    await settle(h)
    assert await count(h, DeliveryRow) == deliveries
    assert len(h.api.calls_to("views.open")) == opened
    assert await count(h, PollRow) == 0
    assert await status_of(h, AMIRA) is EnrolmentStatus.ACTIVE
    refusals = [d for a, d, _ in await audit(h) if a == "refused"]
    assert len(refusals) == len(commands)
    assert not any("@" in str(d) or "camden" in str(d) for d in refusals)
    helped = await reply_to(h, "/cohort", "help", AMIRA)
    assert helped["text"].startswith(f"{COORDINATORS_ONLY} Here is what you can use:")


async def test_every_coordinators_and_moderators_button_from_a_leader_is_refused_and_logged(
    h: Harness,
) -> None:
    card, _ = await asked(h, AMIRA, "How do I choose a measure?")
    values = {"question_claim": "1", "question_mark_answered": "1", "question_publish": "1"}
    values |= {"question_unclaim": "1", "question_take_over": "1"}
    values |= {"poll_confirm": "1", "poll_use_slot": "1:1"}
    values |= {f"poll_pick_{verb}": "1" for verb in ("results", "missing", "close", "sessions")}
    values |= {"session_change": "1", "session_cancel": "1"}
    values |= {"cohort_close": "1", "cohort_keep_open": "1", "progress_write_behind": ""}
    values |= {"announce_send": "1", "announce_drop": "1"}
    values |= {
        "cohort_add_over_seats": f'{{"who":"{AMIRA}","org":"hackney","seniority":"other",'
        '"pace":null}',
        "cohort_place_over_seats": f'{{"who":"{AMIRA}","org":"hackney"}}',
    }
    buttons = (*COORDINATOR_BUTTONS, *MODERATOR_BUTTONS)
    assert set(buttons) == set(values)
    for action in buttons:
        before = len(h.api.calls_to("response_url"))
        response = await h.slack.block_action(
            BEN, action, values[action], channel_id=MODERATORS, message_ts=card["ts"]
        )
        assert response.status == 200
        [*_, answer] = await h.api.wait_for("response_url", count=before + 1)
        role = "coordinators" if action in COORDINATOR_BUTTONS else "moderators"
        assert answer.args["text"] == f"Only the cohort's {role} can do that.", action
        assert (await audit(h))[-1][:2] == ("refused", {"command": f"button {action}"})
    await settle(h)
    assert h.api.calls_to("chat.update") == []
    assert h.api.calls_to("views.open") == []


async def test_coordinators_forms_sent_by_a_leader_are_refused_and_logged(h: Harness) -> None:
    poll = {"title": {"title": {"type": "plain_text_input", "value": "Sneaky"}}}
    await h.slack.view_submission(AMIRA, "poll_form", poll)
    await h.slack.view_submission(AMIRA, "sessions_form", {}, private_metadata="1")
    for form in ("session_change_form", "session_cancel_form"):
        await h.slack.view_submission(AMIRA, form, {}, private_metadata="1:0")
    deliveries = await count(h, DeliveryRow)
    text = {"type": "plain_text_input", "value": "Sneaky"}
    await h.slack.view_submission(AMIRA, "announce_form", {"message": {"message": text}})
    await h.slack.view_submission(AMIRA, "behind_note_form", {"note": {"note": text}})
    await settle(h)
    assert await count(h, PollRow) == 0
    assert await count(h, DeliveryRow) == deliveries
    # Each form is refused after Slack's ack, so the four may be logged in any order.
    refused = [d["command"] for a, d, _ in await audit(h) if a == "refused"]
    assert sorted(refused) == [
        "form announce_form",
        "form behind_note_form",
        "form poll_form",
        "form session_cancel_form",
        "form session_change_form",
        "form sessions_form",
    ]


async def test_a_leader_who_asks_to_be_forgotten_frees_their_seat_for_the_waitlist(
    h: Harness,
) -> None:
    post = await post_sign_up(h)
    await join(h, GINA, post)  # Islington's one seat
    await join(h, HARRY, post)  # its waitlist, number 1
    prompt = await reply_to(h, "/progress", "forget-me", GINA)
    answer = await press_in_reply(h, GINA, prompt, FORGET_ME)
    assert answer["text"].startswith("Done. I have deleted your data")
    await settle(h)
    assert dms(h, HARRY)[-1]["text"].startswith(
        "Good news: a seat came free for Islington Council, so it is yours."
    )
    assert await status_of(h, HARRY) is EnrolmentStatus.ACTIVE
    h.api.assert_no_problems()


async def test_recruit_typed_in_a_channel_without_naming_one_posts_there(h: Harness) -> None:
    before = len(h.api.calls_to("response_url"))
    response = await h.slack.slash_command("/cohort", "recruit", SAM, channel_id=RECRUITING)
    assert response.status == 200
    [reply] = (await h.api.wait_for("response_url", count=before + 1))[before:]
    assert reply.args["text"].startswith("The sign-up message is on its way to the channel.")
    await settle(h)
    [post] = bot_posts(h, RECRUITING)
    assert "Join the cohort" in str(post)
    h.api.assert_no_problems()
