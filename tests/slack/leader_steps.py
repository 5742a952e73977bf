"""What a leader does in Slack, and what the tests look at afterwards, for the e2e tests."""

from __future__ import annotations

from typing import Any

from bot.core.model import Role
from bot.core.reflection import Reflection
from tests.slack.conftest import Harness


async def checkin(h: Harness, text: str, user: str) -> str:
    """Type `/checkin text`; the text of the private reply."""
    before = len(h.api.calls_to("response_url"))
    await h.slack.slash_command("/checkin", text, user)
    calls = await h.api.wait_for("response_url", count=before + 1)
    return str(calls[-1].args["text"])


async def open_checkin_form(h: Harness, user: str) -> dict[str, Any]:
    """Type /checkin with nothing after it; the modal the bot opened."""
    before = len(h.api.calls_to("views.open"))
    response = await h.slack.slash_command("/checkin", "", user)
    assert response.status == 200
    await h.api.wait_for("views.open", count=before + 1)
    view = h.slack.ws.open_modal(user)
    assert view is not None
    return view


async def messages_in(h: Harness, channel: str, count: int) -> list[dict[str, Any]]:
    """Wait until the bot has posted `count` messages in a channel; them, oldest first."""
    while len(h.slack.ws.messages_in(channel)) < count:
        await h.api.wait_for("chat.postMessage", count=len(h.api.calls_to("chat.postMessage")) + 1)
    return h.slack.ws.messages_in(channel)


async def direct_messages(h: Harness, user: str, count: int) -> list[str]:
    """Wait until `user` has `count` direct messages from the bot; their texts, oldest first."""
    return [str(m["text"]) for m in await messages_in(h, "D" + user, count)]


async def enrolment_id(h: Harness, user: str) -> int:
    async with h.bot.core.services.ctx.uow() as uow:
        person = await uow.people.find("slack", user)
        assert person is not None and person.id is not None
        [leader] = [e for e in await uow.enrolments.for_person(person.id) if e.role is Role.LEADER]
        assert leader.id is not None
        return leader.id


async def sources(h: Harness, user: str) -> dict[str, str]:
    """The modules the leader has done, each with where it was recorded."""
    leader = await enrolment_id(h, user)
    async with h.bot.core.services.ctx.uow() as uow:
        return {c.module_id: c.source for c in await uow.completions.for_enrolment(leader)}


async def reflections(h: Harness, user: str) -> list[Reflection]:
    leader = await enrolment_id(h, user)
    async with h.bot.core.services.ctx.uow() as uow:
        return list(await uow.reflections.for_enrolment(leader))
