"""Build the bot from settings: storage, course files, services and platform adapters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.charts import MatplotlibCharts
from bot.config import Settings, timetable
from bot.core.model import CohortSetup, Curriculum
from bot.core.platforms import Platforms
from bot.core.ports import Charts, Clock, Directory, PeopleFinder, Profile, Sender
from bot.core.services.bundle import Services, build_services
from bot.core.services.insights import InsightService
from bot.core.services.participant_import import ParticipantImport
from bot.core.services.retention import Retention
from bot.setup_files import load_cohort, load_curriculum
from handlers.console.platform import console_platform
from handlers.slack.platform import slack_platform
from handlers.teams.platform import teams_platform
from storage.engine import make_engine, make_session_factory
from storage.uow import SqlUnitOfWorkFactory


@dataclass(frozen=True)
class CourseFiles:
    curriculum: Curriculum
    cohort: CohortSetup


def read_course_files(settings: Settings) -> CourseFiles:
    """Load both set-up files; raises SetupFileError naming file and line."""
    return CourseFiles(load_curriculum(settings.curriculum_file), load_cohort(settings.cohort_file))


@dataclass(frozen=True)
class Core:
    """The wired services, their database engine, and the command line's own services."""

    engine: AsyncEngine
    services: Services
    charts: Charts = field(default_factory=MatplotlibCharts)

    def insights(self) -> InsightService:
        """The report and the export, for `facilitator report` and `export`."""
        return InsightService(self.services.ctx, self.charts)

    def retention(self) -> Retention:
        """The purge of old cohorts' personal data, for `facilitator purge`."""
        return Retention(self.services.ctx.uow, self.services.ctx.clock)

    def participant_import(
        self, finder: PeopleFinder, platform: str, platform_name: str
    ) -> ParticipantImport:
        """The bulk import, for `facilitator import`."""
        return ParticipantImport(self.services.ctx, finder, platform, platform_name)


def bootstrap(
    settings: Settings,
    course: CourseFiles,
    clock: Clock,
    directory: Directory,
    senders: Mapping[str, Sender],
    outbox_workers: int = 32,
) -> Core:
    """Wire the services once; callers pass the clock and the platform's adapters."""
    engine = make_engine(settings.database_url)
    uow = SqlUnitOfWorkFactory(make_session_factory(engine))
    charts = MatplotlibCharts()
    services = build_services(
        uow,
        clock,
        course.curriculum,
        platforms(settings),
        directory,
        senders,
        timetable(settings),
        outbox_workers,
        settings.question_reply_days,
        charts=charts,
        download_link_days=settings.download_link_days,
    )
    return Core(engine, services, charts)


def platforms(settings: Settings) -> Platforms:
    """Every platform the bot can serve, as each one declares itself."""
    names = settings.command_names
    return Platforms.of(slack_platform(names), console_platform(names), teams_platform())


@dataclass(frozen=True)
class Directories:
    """Each platform's directory, asked for the platform that a lookup names."""

    by_platform: Mapping[str, Directory]

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        directory = self.by_platform.get(platform)
        return await directory.profile(platform, platform_user_id) if directory else None

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        directory = self.by_platform.get(platform)
        if directory is None:
            return False
        return await directory.in_channel(platform, channel, platform_user_id)


class NoDirectory:
    """For tools that only read the database: they never look anyone up."""

    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        return None

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        return False
