"""Slack's `message_metadata_posted` events for the bot's own messages.

An app that subscribes to its metadata (manifest.yml, `metadata_subscriptions`) hears from
Slack each time a message carrying that metadata is posted, whatever the answer to the
post itself said. `ArrivalEvents(api, [app])` makes the fake do so: once a post takes
effect, the event goes to the app (to each of several in turn, as a load balancer
would), `delay` seconds later. An app that does not answer 200 gets it again as Slack
retries an event: at once, then after a minute, then after five.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence

import aiohttp

from tests.fakes import events
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient
from tests.fakes.workspace import JSON

EVENT_TYPE = "facilitator_delivery"
SLACK_RETRY_WAITS = (0.0, 60.0, 300.0)


class ArrivalEvents:
    def __init__(self, api: FakeSlackAPI, apps: Sequence[SlackClient], delay: float = 0.0) -> None:
        self._api = api
        self._apps = apps
        self._turn = itertools.cycle(range(len(apps)))
        self._delay = delay
        self.delivered: list[JSON] = []  # the events an app answered with 200
        self._pushing: set[asyncio.Task[None]] = set()
        api.on_posted = self._posted

    async def settled(self) -> None:
        """Wait until every event of what was posted so far is through, or given up."""
        await asyncio.gather(*self._pushing)

    async def close(self) -> None:
        """Stop pushing: events not yet through are dropped, as when an app is gone."""
        self._api.on_posted = None
        for task in self._pushing:
            task.cancel()
        await asyncio.gather(*self._pushing, return_exceptions=True)

    def _posted(self, channel: str, message: JSON) -> None:
        metadata = message.get("metadata")
        if not isinstance(metadata, dict) or metadata.get("event_type") != EVENT_TYPE:
            return
        event = events.message_metadata_posted(
            self._api.workspace, channel, message["ts"], metadata
        )
        task = asyncio.get_running_loop().create_task(self._push(event))
        self._pushing.add(task)
        task.add_done_callback(self._pushing.discard)

    async def _push(self, event: JSON) -> None:
        event_id = self._api.workspace.next_id("Ev")
        waits = (self._delay, *SLACK_RETRY_WAITS)
        for attempt, wait in enumerate(waits):
            await asyncio.sleep(wait)
            app = self._apps[next(self._turn)]
            try:
                answer = await app.event(
                    event,
                    event_id=event_id,
                    retry_num=attempt or None,
                    retry_reason="http_error" if attempt else None,
                )
            except (aiohttp.ClientError, TimeoutError):
                continue
            if answer.status == 200:
                self.delivered.append(event)
                return
