"""Work that follows the acknowledgement of a command, a button or a form.

Bolt runs every listener to the end before it answers Slack (process_before_response),
so that an event whose handling fails is answered with an error and Slack sends it
again. Commands, buttons and forms must not wait like that: their listeners acknowledge,
hand the rest to `AfterAck.start` and return, and Slack has its answer at once. The work
runs as its own task; if it fails, it is logged and the person is told, as Bolt's error
handler would.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from aiohttp import web

from handlers.slack.replies import Replies

logger = logging.getLogger(__name__)

TASK_NAME = "slack-after-ack"


class AfterAck:
    """`after_ack.start(work, response_url)` in a listener, once it has acknowledged."""

    def __init__(self, replies: Replies) -> None:
        self.replies = replies
        # The loop keeps only weak references to tasks: these keep them until they end.
        self._running: set[asyncio.Task[None]] = set()

    def attach(self, app: web.Application) -> None:
        """Open the replies' session when the web app starts; when it stops, let the work
        in progress finish (before the database closes) and close the session."""
        self.replies.attach(app)
        app.on_shutdown.append(self._finish)

    def start(self, work: Coroutine[Any, Any, None], response_url: str | None) -> None:
        task = asyncio.create_task(self._run(work, response_url), name=TASK_NAME)
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def finished(self) -> None:
        """Until all the work started so far has ended."""
        while self._running:
            await asyncio.wait(set(self._running))

    async def _run(self, work: Coroutine[Any, Any, None], response_url: str | None) -> None:
        try:
            await work
        except Exception:
            logger.exception("unhandled error after acknowledging a Slack request")
            if response_url:
                await self.replies.sorry(response_url)

    async def _finish(self, _: web.Application) -> None:
        await self.finished()
