"""One HTTP session for everything the bot sends to Slack, and private replies through it.

Without a session of its own, slack_sdk opens a new connection for every Web API call
and every response_url post. The bot keeps one aiohttp session, with its connections
kept alive, from the moment the web app starts until it stops, and hands it to the Web
API clients as well: Bolt's, and the outbox sender's (whose shorter timeout is given with
each request, so it holds on a shared session too).
"""

from __future__ import annotations

import logging

import aiohttp
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Message
from handlers.slack.render import fallback_text, message_blocks

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on our side. Please try again in a minute."
EPHEMERAL: dict[str, object] = {"response_type": "ephemeral", "replace_original": False}
TIMEOUT = aiohttp.ClientTimeout(total=30)  # as slack_sdk's own default


def private_reply(message: Message) -> dict[str, object]:
    """An ephemeral answer that leaves the message it came from as it was."""
    return {**EPHEMERAL, "text": fallback_text(message), "blocks": message_blocks(message)}


class Replies:
    """`replies.attach(web_app)` once; then `await replies.privately(response_url, message)`."""

    def __init__(self, *clients: AsyncWebClient) -> None:
        self.clients = clients
        self._session: aiohttp.ClientSession | None = None

    def attach(self, app: web.Application) -> None:
        """Open the session when the web app starts and close it when it stops."""
        app.on_startup.append(self._open)
        app.on_cleanup.append(self._close)

    def session(self) -> aiohttp.ClientSession:
        """The shared session, opened on first use (it must be opened inside the loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
            for client in self.clients:
                client.session = self._session
        return self._session

    async def privately(self, response_url: str, message: Message) -> None:
        """An ephemeral answer that leaves the message it came from as it was."""
        await self._post(response_url, private_reply(message))

    async def sorry(self, response_url: str) -> None:
        """Tell the person something went wrong, without details, if Slack can be reached:
        this follows a failure already logged."""
        try:
            await self._post(response_url, {**EPHEMERAL, "text": SORRY})
        except (aiohttp.ClientError, TimeoutError) as problem:
            logger.warning(
                "could not tell the person something went wrong: %s", type(problem).__name__
            )

    async def _post(self, response_url: str, payload: dict[str, object]) -> None:
        async with self.session().post(response_url, json=payload) as answer:
            if answer.status != 200:
                logger.warning("Slack refused a reply (HTTP %s)", answer.status)

    async def _open(self, _: web.Application) -> None:
        self.session()

    async def _close(self, _: web.Application) -> None:
        if self._session is not None:
            await self._session.close()
            for client in self.clients:
                client.session = None
