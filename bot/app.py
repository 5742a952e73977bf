"""The running bot: one aiohttp app and event loop for Slack, Teams, health checks and jobs."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import Core, CourseFiles, Directories, bootstrap
from bot.config import Settings, SettingsError
from bot.core.downloads import Download
from bot.core.outgoing import Address, Attachment, ConversationReference
from bot.core.pacing import Pacer
from bot.core.platforms import CommandNames
from bot.core.ports import Clock, Directory, Sender
from bot.logs import RouteAccessLogger
from bot.metrics import Metrics
from bot.yaml_files import SetupFileError
from handlers.slack.after_ack import AfterAck
from handlers.slack.directory import SlackDirectory
from handlers.slack.ids import PLATFORM as SLACK
from handlers.slack.ids import USER_ID
from handlers.slack.listeners import register_listeners
from handlers.slack.replies import Replies
from handlers.slack.sender import CHANNEL_INTERVAL, SlackSender
from handlers.teams.files import FileLinks, serve_files
from handlers.teams.ids import PLATFORM as TEAMS
from scheduler.planner import plan
from scheduler.runner import LiveRunner
from storage.engine import open_every_connection
from storage.migrate import upgrade
from storage.scheduler_lock import AdvisorySchedulerLock
from storage.sole_user import one_starting_at_a_time, sole_user
from storage.uow import database_is_reachable

if TYPE_CHECKING:
    from handlers.teams.app import TeamsApp, TeamsConnection

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Bot:
    """The running bot: the core, each enabled platform's adapter, the web app and jobs."""

    core: Core
    bolt: AsyncApp | None
    web: web.Application
    runner: LiveRunner
    metrics: Metrics


@dataclass
class _Platforms:
    """Each enabled platform's sender and directory, gathered before the core is built."""

    senders: dict[str, Sender] = field(default_factory=dict)
    directories: dict[str, Directory] = field(default_factory=dict)


def build_bot(
    settings: Settings,
    course: CourseFiles,
    clock: Clock,
    pacer: Pacer | None = None,
    teams_pacer: Pacer | None = None,
) -> Bot:
    """Everything a deployment needs, wired but not yet started: Slack, Teams or both.

    The pacers keep messages within each platform's limits in real time; tests pass ones
    on their clock.
    """
    platforms = _Platforms()
    slack = _slack(settings, platforms, pacer) if settings.slack_enabled else None
    teams = (
        _teams(settings, platforms, teams_pacer, lambda: core) if settings.teams_enabled else None
    )
    metrics = Metrics()
    senders = {name: metrics.measured(sender) for name, sender in platforms.senders.items()}
    core = bootstrap(settings, course, clock, Directories(platforms.directories), senders)
    registry = core.services.registry
    bolt, after = None, None
    if slack is not None:
        bolt, sending = slack
        after = AfterAck(Replies(bolt.client, sending))
        register_listeners(bolt, registry, settings.command_names, after)
    app = web_app(core, bolt if settings.mode == "http" and bolt is not None else None, metrics)
    if after is not None:
        after.attach(app)
    if teams is not None:
        from handlers.teams.app import serve as serve_teams

        serve_teams(teams, app, registry, CommandNames.typed_as_words())
        serve_files(app, core.services.downloads)
    services = core.services
    runner = LiveRunner(
        plan(
            services.outbox,
            services.rhythm,
            settings.outbox_poll_seconds,
            services.downloads,
        ),
        AdvisorySchedulerLock(core.engine),
        services.outbox,
        services.ctx.outbox_ready,
        services.liveness,
    )
    metrics.watch_scheduler(lambda: runner.leading)
    return Bot(core, bolt, app, runner, metrics)


def _slack(
    settings: Settings, platforms: _Platforms, pacer: Pacer | None
) -> tuple[AsyncApp, AsyncWebClient]:
    """Bolt's app and the sender's own Web API client; the directory uses Bolt's.

    Bolt makes the client from the token: given a client of ours, it also read
    SLACK_BOT_TOKEN from the environment and warned that the token would be unused. It
    takes no address for the Web API, so the client is pointed at SLACK_API_URL after.
    """
    assert settings.slack_bot_token is not None
    secret = settings.slack_signing_secret
    bolt = AsyncApp(
        # Named, as Bolt would otherwise look its caller up on the stack (0.1 s).
        name="facilitator",
        token=settings.slack_bot_token.get_secret_value(),
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=secret is not None,
        # Events are answered once handled, so that Slack retries a failed one;
        # commands, buttons and forms acknowledge first (handlers/slack/after_ack.py).
        process_before_response=True,
        # The bot's own messages come back as events that say they arrived
        # (handlers/slack/events/arrivals.py); the listeners for what people write
        # leave bots' messages alone themselves.
        ignoring_self_events_enabled=False,
    )
    client = bolt.client
    client.base_url = settings.slack_api_url
    # The sender's own client retries nothing by itself (see SlackSender).
    sending = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=settings.slack_send_timeout_seconds,
        retry_handlers=[],
    )
    platforms.senders[SLACK] = SlackSender(
        sending,
        pacer or Pacer(settings.slack_messages_per_minute, channel_interval=CHANNEL_INTERVAL),
    )
    platforms.directories[SLACK] = SlackDirectory(client)
    return bolt, sending


def _teams(
    settings: Settings,
    platforms: _Platforms,
    pacer: Pacer | None,
    core: Callable[[], Core],
) -> TeamsApp:
    # Microsoft's SDK is imported only when Teams is set up: loading it takes a third of
    # a second, which a bot for Slack alone need not wait for at every start.
    from handlers.teams.app import build_teams
    from handlers.teams.directory import TeamsDirectory
    from handlers.teams.sender import CONVERSATION_INTERVAL, TeamsSender

    teams = build_teams(teams_connection(settings))

    async def find(address: Address) -> ConversationReference | None:
        # The core is built after its senders; by the first send it exists.
        return await core().services.reach.reference(address)

    per_minute = round(settings.teams_messages_per_second * 60)
    paced = pacer or Pacer(per_minute, channel_interval=CONVERSATION_INTERVAL)
    files = _file_links(settings, core)

    async def remember(address: Address, reference: Mapping[str, object]) -> None:
        await core().services.reach.remember(address, reference)

    platforms.senders[TEAMS] = TeamsSender(find, teams.proactive, paced, files, remember)
    platforms.directories[TEAMS] = TeamsDirectory(find, teams.proactive)
    return teams


def teams_connection(settings: Settings) -> TeamsConnection:
    """The Azure Bot registration the settings name."""
    from handlers.teams.app import TeamsConnection

    return TeamsConnection(
        app_id=settings.teams_app_id or "",
        secret=settings.teams_app_password.get_secret_value()
        if settings.teams_app_password
        else None,
        certificate_file=settings.teams_certificate_file,
        tenant_id=settings.teams_tenant_id,
        multi_tenant=settings.teams_app_type == "multi-tenant",
        anonymous=settings.teams_allow_anonymous,
    )


def _file_links(settings: Settings, core: Callable[[], Core]) -> FileLinks | None:
    """Files reach Teams as links to the bot's public address; without one, a file is
    named and left out."""
    if settings.public_url is None:
        return None

    async def offer(key: str, file: Attachment, to: Address) -> Download:
        # The core is built after its senders; by the first send it exists.
        return await core().services.downloads.offer(key, file, to)

    return FileLinks(offer, settings.public_url)


def web_app(core: Core, bolt: AsyncApp | None, metrics: Metrics) -> web.Application:
    """/healthz and /metrics always (in Socket Mode too: the server runs for them);
    /slack/events when Slack talks to us over HTTP."""

    async def healthz(_: web.Request) -> web.Response:
        reachable = await database_is_reachable(core.engine)
        body = {"status": "ok" if reachable else "database unreachable"}
        return web.json_response(body, status=200 if reachable else 503)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    metrics.serve(app, core.engine, core.services.ctx.clock)
    if bolt is not None:

        async def slack_events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await bolt.async_dispatch(await to_bolt_request(request))
            )

        app.router.add_post("/slack/events", slack_events)
    return app


def web_runner(app: web.Application) -> web.AppRunner:
    """The app's runner, logging each request by its route (bot.logs.RouteAccessLogger)."""
    return web.AppRunner(app, access_log_class=RouteAccessLogger)


def cohort_platform(settings: Settings) -> str:
    """The platform the cohort file's cohort runs on: Slack when Slack is set up, else
    Teams. Each cohort runs on one platform."""
    return SLACK if settings.slack_enabled else TEAMS


async def start(bot: Bot, settings: Settings, alone: bool = False) -> web.AppRunner:
    """Start jobs and begin serving.

    A process `alone` on its database frees the claims that an earlier run left at once.
    """
    if alone:
        await bot.core.services.liveness.alone()
    await open_every_connection(bot.core.engine)
    keep_start_up_out_of_garbage_collection()
    bot.runner.start()
    runner = web_runner(bot.web)
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    return runner


YOUNG_OBJECTS_PER_COLLECTION = 5000


def keep_start_up_out_of_garbage_collection() -> None:
    """What start-up made (the libraries, the course, the wiring: some 200,000 objects)
    lives as long as the process. Left to the collector, each full collection walks it
    all, stopping every request for over 100 ms; frozen, it is never walked again.

    `facilitator run` starts with the collector off, as walking all this over and over
    while it is made took a tenth of a start (bot.cli): it collects once, here, and is on
    from now on.

    Then it looks at new objects after every 5,000 made rather than Python's 700: a
    request makes hundreds, most gone by its end. Over 1,500 check-ins (and the welcome
    messages before them) the collector took 0.3 s at 700, walking everything made since
    start-up seven times (some 20 ms each, stopping every request), and 0.12 s at 5,000,
    with one such walk."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *gc.get_threshold()[1:])
    gc.enable()


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


async def run(settings: Settings, course: CourseFiles, clock: Clock) -> None:
    """Serve until stopped: Slack in Socket Mode when an app token is set, else over HTTP;
    Teams at /api/messages when it is set up."""
    if problems := settings.teams_problems():
        raise SettingsError("\n".join(problems))
    if cohort_platform(settings) == SLACK:
        check_slack_ids(settings, course)
    if settings.teams_allow_anonymous:
        logger.warning(
            "TEAMS_ALLOW_ANONYMOUS is on: Teams requests are not checked. For tests only."
        )
    with sole_user(settings.database_url) as alone:
        bot = build_bot(settings, course, clock)
        try:
            # Migrate the schema and sync the cohort file, one process at a time, on a
            # connection of the bot's own pool.
            async with one_starting_at_a_time(bot.core.engine):
                await upgrade(settings.database_url)
                await bot.core.services.setup.apply(course.cohort, cohort_platform(settings))
            await _serve(bot, settings, alone)
        finally:
            await bot.core.engine.dispose()


async def _serve(bot: Bot, settings: Settings, alone: bool) -> None:
    runner = await start(bot, settings, alone)
    served = " and ".join(
        p for p, on in (("Slack", settings.slack_enabled), ("Teams", settings.teams_enabled)) if on
    )
    logger.info("Facilitator is running for %s on port %s", served, settings.port)
    try:
        if settings.mode == "socket" and bot.bolt is not None:
            assert settings.slack_app_token is not None
            handler = AsyncSocketModeHandler(bot.bolt, settings.slack_app_token.get_secret_value())
            await handler.start_async()  # type: ignore[no-untyped-call]
        else:
            await asyncio.Event().wait()
    finally:
        await bot.runner.stop()
        await runner.cleanup()
