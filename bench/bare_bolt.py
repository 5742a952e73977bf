"""A bare Bolt app served over HTTP, the yardstick for the bot's acknowledgements.

`python -m bench.bare_bolt PORT SLACK_API_URL` serves the fakes' self-test Bolt app
(`tests/fakes_selftest/bolt_app.py`: its slash command acks, then answers through the
response_url) at /slack/events on 127.0.0.1, with /healthz, as the bot does.
"""

from __future__ import annotations

import sys
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from tests.fakes_selftest.bolt_app import build_app


def bare_app(api_url: str) -> web.Application:
    seen: list[dict[str, Any]] = []
    bolt = build_app(api_url, seen)

    async def slack_events(request: web.Request) -> web.Response:
        seen.clear()  # only the answers matter here
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    port, api_url = int(sys.argv[1]), sys.argv[2]
    web.run_app(bare_app(api_url), host="127.0.0.1", port=port, print=None, access_log=None)
