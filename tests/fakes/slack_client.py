"""Talk to the app the way Slack does: signed posts with real payload shapes to /slack/events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from tests.fakes import app_http, block_find, events, interactions
from tests.fakes.app_http import AppResponse, Signing
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.workspace import JSON, FakeWorkspace

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class SlackClient:
    """`SlackClient(app_origin, signing_secret, fake_api)`; `.unsigned()`, `.wrongly_signed()`
    and `.at(timestamp)` give a copy that signs differently.

    Each method that delivers an event answers with the event it sent as `.event`, and for
    messages their ts as `.ts`, to reply in the thread or edit the message later:
    `asked = await slack.channel_message(...)`, then `slack.edit_message(..., asked.ts, ...)`.
    """

    base_url: str
    signing_secret: str
    fake_api: FakeSlackAPI
    path: str = "/slack/events"
    signing: Signing = "valid"
    timestamp: int | None = None

    @property
    def ws(self) -> FakeWorkspace:
        return self.fake_api.workspace

    def unsigned(self) -> SlackClient:
        return replace(self, signing="none")

    def wrongly_signed(self) -> SlackClient:
        return replace(self, signing="wrong")

    def at(self, timestamp: int) -> SlackClient:
        return replace(self, timestamp=timestamp)

    async def slash_command(
        self, command: str, text: str, user_id: str, channel_id: str | None = None
    ) -> AppResponse:
        """Someone typed `command text`; in their DM with the bot unless `channel_id` is given."""
        channel = channel_id or "D" + user_id
        response_url, trigger_id = self._response_url("command"), self.ws.issue_trigger(user_id)
        fields = interactions.slash_command(
            self.ws, command, text, user_id, channel, response_url, trigger_id
        )
        return await self._post(urlencode(fields), FORM, response_url, trigger_id)

    async def click(
        self,
        user_id: str,
        action_id: str,
        value: block_find.Choice = None,
        *,
        channel_id: str | None = None,
        message_ts: str | None = None,
        view_id: str | None = None,
    ) -> AppResponse:
        """Click (or choose `value` in) an element the bot really showed: in a message when
        `message_ts` is given, in a view by id, else in the person's Home tab."""
        message, view = self.ws.shown_to(user_id, channel_id, message_ts, view_id)
        blocks = (message or view or {}).get("blocks") or []
        block_id, element = block_find.find_element(blocks, action_id, value)
        made = block_find.action(block_id, element, value, self.ws.next_ts())
        return await self._send_action(user_id, made, message, view)

    async def block_action(
        self,
        user_id: str,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str = "actions",
        text: str = "Button",
        channel_id: str | None = None,
        message_ts: str | None = None,
        view: JSON | None = None,
    ) -> AppResponse:
        """A button click built from the arguments, whatever the bot showed: from a message when
        `message_ts` is given, else from `view` or the person's Home tab."""
        button = interactions.stand_in_button(action_id, text, value)
        made = block_find.action(block_id, button, None, self.ws.next_ts())
        if message_ts is not None:
            channel = channel_id or "D" + user_id
            message = interactions.stand_in_message(self.ws, channel, message_ts)
            return await self._send_action(user_id, made, message, None)
        home = view or self.ws.home_view(user_id) or interactions.stand_in_view(self.ws, "home")
        return await self._send_action(user_id, made, None, home)

    async def shortcut(self, user_id: str, callback_id: str) -> AppResponse:
        """The person chose the app's global shortcut `callback_id` from the shortcuts menu."""
        trigger_id = self.ws.issue_trigger(user_id)
        payload = interactions.global_shortcut(self.ws, user_id, callback_id, trigger_id)
        body = urlencode({"payload": json.dumps(payload)})
        return await self._post(body, FORM, None, trigger_id)

    async def view_submission(
        self,
        user_id: str,
        callback_id: str,
        state_values: JSON,
        private_metadata: str = "",
        *,
        title: str = "Facilitator",
    ) -> AppResponse:
        """Submit a modal built from the arguments (state_values: block_id -> action_id -> …)."""
        view = interactions.stand_in_view(
            self.ws,
            "modal",
            callback_id=callback_id,
            private_metadata=private_metadata,
            title={"type": "plain_text", "text": title},
            state={"values": state_values},
        )
        return await self._send_view(user_id, view)

    async def submit(
        self, user_id: str, values: Mapping[str, block_find.Choice], *, view_id: str | None = None
    ) -> AppResponse:
        """Fill in and submit the modal the bot opened for this person (values by action_id)."""
        view = self.ws.views.get(view_id) if view_id else self.ws.open_modal(user_id)
        assert view is not None, f"no modal open for {user_id}"
        state = block_find.state_values(view["blocks"], values)
        return await self._send_view(user_id, {**view, "state": state})

    async def event(
        self,
        event: JSON,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> AppResponse:
        """Deliver one event; pass `retry_num` (and reason) to send it as Slack's retry."""
        envelope = interactions.event_callback(self.ws, event, event_id or self.ws.next_id("Ev"))
        headers = {"X-Slack-Retry-Num": str(retry_num)} if retry_num is not None else {}
        if retry_reason is not None:
            headers["X-Slack-Retry-Reason"] = retry_reason
        answer = await self._post(json.dumps(envelope), "application/json", extra=headers)
        return replace(answer, event=event)

    async def app_home_opened(self, user_id: str) -> AppResponse:
        return await self.event(events.app_home_opened(self.ws, user_id))

    async def direct_message(
        self, user_id: str, text: str, thread_ts: str | None = None
    ) -> AppResponse:
        """The person writes to the bot in its DM; with `thread_ts`, replies in that thread.
        The answer's `.ts` is the new message's ts, `.event` the event sent."""
        return await self.event(events.message_im(self.ws, user_id, text, thread_ts))

    async def channel_message(
        self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None
    ) -> AppResponse:
        """The person writes in a channel; with `thread_ts`, replies in that thread.
        The answer's `.ts` is the new message's ts, `.event` the event sent."""
        return await self.event(
            events.channel_message(self.ws, user_id, channel_id, text, thread_ts)
        )

    async def edit_message(
        self, user_id: str, channel_id: str, ts: str, new_text: str
    ) -> AppResponse:
        """The person edits their message at `ts` (a message_changed event). The answer's
        `.ts` is still the message's ts; `.event["ts"]` is the time of the edit."""
        return await self.event(events.message_changed(self.ws, channel_id, ts, new_text, user_id))

    async def bot_message_echo(self, channel_id: str, ts: str) -> AppResponse:
        """Slack's message event for the bot's own post at `ts`, which the app must not
        take for someone's message."""
        return await self.event(events.bot_message_echo(self.ws, channel_id, ts))

    async def mention(self, user_id: str, channel_id: str, text: str) -> AppResponse:
        return await self.event(events.app_mention(self.ws, user_id, channel_id, text))

    async def url_verification(self, challenge: str) -> AppResponse:
        body = {
            "token": self.ws.identity.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return await self._post(json.dumps(body), "application/json")

    def _response_url(self, kind: str) -> str:
        return self.fake_api.response_url(f"{kind}-{self.ws.next_number()}")

    async def _send_action(
        self, user_id: str, made: JSON, message: JSON | None, view: JSON | None
    ) -> AppResponse:
        trigger_id = self.ws.issue_trigger(user_id)
        response_url = self._response_url("action") if message is not None else None
        payload = interactions.block_actions(
            self.ws,
            user_id,
            made,
            trigger_id,
            message=message,
            view=view,
            response_url=response_url,
        )
        body = urlencode({"payload": json.dumps(payload)})
        return await self._post(body, FORM, response_url, trigger_id)

    async def _send_view(self, user_id: str, view: JSON) -> AppResponse:
        trigger_id = self.ws.issue_trigger(user_id)
        payload = interactions.view_submission(self.ws, user_id, view, trigger_id)
        body = urlencode({"payload": json.dumps(payload)})
        answer = await self._post(body, FORM, None, trigger_id)
        closes = answer.status == 200 and (
            not answer.body or answer.json == {"response_action": "clear"}
        )
        if closes and self.ws.modals.get(user_id) == view["id"]:
            del self.ws.modals[user_id]
        return answer

    async def _post(
        self,
        body: str,
        content_type: str,
        response_url: str | None = None,
        trigger_id: str | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> AppResponse:
        signed = app_http.signature_headers(body, self.signing_secret, self.signing, self.timestamp)
        headers = {"Content-Type": content_type, **signed, **(extra or {})}
        url = self.base_url.rstrip("/") + self.path
        return await app_http.post(url, body, headers, response_url, trigger_id)
