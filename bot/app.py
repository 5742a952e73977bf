"""The running bot: one aiohttp app and event loop for Slack, health checks and jobs."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import Core, CourseFiles, bootstrap
from bot.config import Settings
from bot.core.pacing import Pacer
from bot.core.ports import Clock
from bot.yaml_files import SetupFileError
from handlers.slack.directory import SlackDirectory
from handlers.slack.ids import PLATFORM, USER_ID
from handlers.slack.listeners import register_listeners
from handlers.slack.sender import SlackSender
from scheduler.planner import plan
from scheduler.runner import LiveRunner
from storage.migrate import upgrade
from storage.scheduler_lock import AdvisorySchedulerLock
from storage.uow import database_is_reachable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackBot:
    core: Core
    bolt: AsyncApp
    web: web.Application
    runner: LiveRunner


def build_slack_bot(
    settings: Settings, course: CourseFiles, clock: Clock, pacer: Pacer | None = None
) -> SlackBot:
    """Everything a Slack deployment needs, wired but not yet started.

    The pacer keeps messages within Slack's limits in real time; tests pass one on their clock.
    """
    assert settings.slack_bot_token is not None
    token = settings.slack_bot_token.get_secret_value()
    client = AsyncWebClient(token=token, base_url=settings.slack_api_url)
    sender = SlackSender(client, pacer or Pacer(settings.slack_messages_per_minute))
    core = bootstrap(settings, course, clock, SlackDirectory(client), {PLATFORM: sender})
    secret = settings.slack_signing_secret
    bolt = AsyncApp(
        client=client,
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=secret is not None,
    )
    register_listeners(bolt, core.services.registry, settings.command_names)
    serve_events = settings.mode == "http"
    return SlackBot(
        core,
        bolt,
        web_app(core, bolt if serve_events else None),
        LiveRunner(
            plan(core.services.outbox, core.services.rhythm, settings.outbox_poll_seconds),
            AdvisorySchedulerLock(core.engine),
            core.services.outbox,
            core.services.ctx.outbox_ready,
        ),
    )


def web_app(core: Core, bolt: AsyncApp | None) -> web.Application:
    """/healthz always; /slack/events when Slack talks to us over HTTP."""

    async def healthz(_: web.Request) -> web.Response:
        reachable = await database_is_reachable(core.engine)
        body = {"status": "ok" if reachable else "database unreachable"}
        return web.json_response(body, status=200 if reachable else 503)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    if bolt is not None:

        async def slack_events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await bolt.async_dispatch(await to_bolt_request(request))
            )

        app.router.add_post("/slack/events", slack_events)
    return app


async def start(bot: SlackBot, settings: Settings, course: CourseFiles) -> web.AppRunner:
    """Sync the cohort file, start jobs and begin serving."""
    await bot.core.services.setup.apply(course.cohort, PLATFORM)
    bot.runner.start()
    runner = web.AppRunner(bot.web)
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    return runner


class NotSlackIds(SetupFileError):
    """The cohort file names people by something other than Slack member ids."""


def check_slack_ids(settings: Settings, course: CourseFiles) -> None:
    """Refuse a cohort file whose people are not Slack members, such as the console sample's."""
    people = [c.user_id for c in course.cohort.coordinators]
    people += [p.user_id for p in course.cohort.participants]
    wrong = [user for user in people if not USER_ID.match(user)]
    if wrong:
        raise NotSlackIds(
            f"{settings.cohort_file}: these are not Slack member ids (like U012AB3CD): "
            f"{', '.join(wrong[:5])}. Put your own people in a copy of the sample "
            "(README: Connect to Slack, step 5)."
        )


async def run_slack(settings: Settings, course: CourseFiles, clock: Clock) -> None:
    """Serve until stopped: Socket Mode when an app token is set, HTTP otherwise."""
    check_slack_ids(settings, course)
    await upgrade(settings.database_url)
    bot = build_slack_bot(settings, course, clock)
    runner = await start(bot, settings, course)
    logger.info("Facilitator is running in %s mode on port %s", settings.mode, settings.port)
    try:
        if settings.mode == "socket":
            assert settings.slack_app_token is not None
            handler = AsyncSocketModeHandler(bot.bolt, settings.slack_app_token.get_secret_value())
            await handler.start_async()  # type: ignore[no-untyped-call]
        else:
            await asyncio.Event().wait()
    finally:
        await bot.runner.stop()
        await runner.cleanup()
        await bot.core.engine.dispose()
