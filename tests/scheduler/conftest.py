"""A cohort run on a moved clock, with a sender that notes when each message went."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Core, bootstrap, read_course_files
from bot.config import load_settings
from bot.core.clock import ManualClock
from bot.core.model import Actor, Delivery
from bot.core.outgoing import Links
from bot.core.platforms import CommandName
from bot.core.ports import Profile
from bot.core.requests import RunCommand
from scheduler.planner import plan
from scheduler.runner import VirtualRunner

LONDON = ZoneInfo("Europe/London")
PLATFORM = "console"  # a chat app with slash commands, like the console


@dataclass(frozen=True)
class Sent:
    at: datetime
    key: str
    recipient: str
    text: str

    @property
    def local(self) -> datetime:
        return self.at.astimezone(LONDON)


@dataclass
class RecordingSender:
    """Our Sender port, noting each delivery and the clock's time when it went."""

    clock: ManualClock
    sent: list[Sent] = field(default_factory=list)
    platform: str = PLATFORM

    async def send(self, delivery: Delivery, links: Links) -> str:
        text = delivery.outgoing.message.text
        self.sent.append(Sent(self.clock.now(), delivery.key, delivery.recipient, text))
        return f"ref-{len(self.sent)}"

    async def find_sent(self, delivery: Delivery, links: Links, since: datetime) -> str | None:
        return None

    def kinds(self, kind: str) -> list[Sent]:
        return [s for s in self.sent if s.key.startswith(f"{kind}:")]


class Directory:
    async def profile(self, platform: str, platform_user_id: str) -> Profile | None:
        return Profile(platform_user_id.capitalize(), "Europe/London")

    async def in_channel(self, platform: str, channel: str, platform_user_id: str) -> bool:
        return False


@dataclass
class Programme:
    core: Core
    clock: ManualClock
    sender: RecordingSender
    runner: VirtualRunner

    async def advance_to(self, when: datetime) -> None:
        await self.runner.advance_to(when)

    async def command(self, user: str, command: str, text: str) -> str:
        request = RunCommand(Actor(PLATFORM, user), CommandName(command), text, tuple(text.split()))
        reply = await self.core.services.registry.handle(request)
        assert reply is not None
        return reply.text


def cohort_file(start: date, pace: int = 6, channel: bool = True, coordinator: bool = True) -> str:
    channels = "channels: {cohort: C0COHORT01, coordinators: C0COORDIN1}\n" if channel else ""
    coordinators = "coordinators: [{user: sam, name: Sam Okafor}]\n" if coordinator else ""
    return (
        f"slug: rhythm\nname: Rhythm cohort\nstart_date: {start.isoformat()}\n"
        f"default_pace: {pace}\n{channels}{coordinators}"
        "organisations: [{id: camden, name: Camden Council, seats: 10}]\n"
        "participants:\n"
        "  - {user: amira, name: Amira Khan, org: camden, seniority: director}\n"
        "  - {user: ben, name: Ben Adeyemi, org: camden, seniority: director, pace: 3}\n"
    )


ProgrammeFactory = Callable[..., Awaitable[Programme]]


@pytest.fixture
async def programme(database_url: str, tmp_path: Path) -> AsyncIterator[ProgrammeFactory]:
    cores: list[Core] = []

    async def start(first_day: date, begin: datetime, **options: object) -> Programme:
        path = tmp_path / "cohort.yml"
        path.write_text(cohort_file(first_day, **options), encoding="utf-8")  # type: ignore[arg-type]
        settings = load_settings(_env_file=None, database_url=database_url, cohort_file=path)
        course = read_course_files(settings)
        clock = ManualClock(begin)
        sender = RecordingSender(clock)
        core = bootstrap(settings, course, clock, Directory(), {PLATFORM: sender})
        cores.append(core)
        await core.services.setup.apply(course.cohort, PLATFORM)
        await core.services.outbox.dispatch_due()
        services = core.services
        jobs = plan(services.outbox, services.rhythm, settings.outbox_poll_seconds)
        runner = VirtualRunner(jobs, clock)
        return Programme(core, clock, sender, runner)

    yield start
    for core in cores:
        await core.engine.dispose()
