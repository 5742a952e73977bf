"""The one place the use-case tests call the services, and read what the bot queued.

Service names will change when a registry calls them, and outbox payloads will become
typed: each is touched here only, never in the tests.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import ManualClock
from bot.core.commands import EnrolLeader, Pause, Resume, SetPace
from bot.core.messages import Answers, Form, Message
from bot.core.model import Actor, Cohort, CohortSetup, Curriculum, Delivery, Seniority
from bot.core.platforms import CommandName, Platform, Platforms
from bot.core.requests import Mention, PressButton, RunCommand
from bot.core.services.bundle import Services, build_services
from bot.core.services.outbox import DispatchReport
from bot.core.services.relay import Relayed
from bot.core.slot_choice import Availability
from bot.core.timetable import Timetable, WeeklyTime
from bot.setup_files import load_cohort, load_curriculum
from tests.fakes.core.charts import FakeCharts
from tests.fakes.core.directory import FakeDirectory
from tests.fakes.core.memory_uow import MemoryUnitOfWorkFactory
from tests.fakes.core.recording_sender import RecordingSender
from tests.fakes.core.rows import DELIVERIES
from tests.unit.typed import SLASH

PLATFORM = "test"
LONDON = ZoneInfo("Europe/London")
CONFIG = Path(__file__).resolve().parents[3] / "config"
CURRICULUM: Curriculum = load_curriculum(CONFIG / "curriculum.sample.yml")
SAMPLE_COHORT: CohortSetup = load_cohort(CONFIG / "cohort.sample.yml")
START = SAMPLE_COHORT.cohort.start_date  # Monday 11 January 2027
TIMETABLE = Timetable(
    nudge=WeeklyTime(0, time(9)),
    reminder=WeeklyTime(3, time(12)),
    digest=WeeklyTime(4, time(15)),
    working_days=frozenset(range(5)),
    day_starts=time(8),
    day_ends=time(18),
    holidays=frozenset(),
)


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON)


def text_of(delivery: Delivery) -> str:
    """What a queued message says, as its plain-text fallback."""
    return delivery.outgoing.message.text


def reply_text(reply: Message | Form) -> str:
    return reply.text


@dataclass
class Course:
    """The sample cohort run on fakes: a moved clock, a memory database, a recording sender."""

    clock: ManualClock
    uow: MemoryUnitOfWorkFactory
    directory: FakeDirectory
    sender: RecordingSender
    services: Services

    @classmethod
    def at(
        cls, now: datetime, platform: Platform | None = None, timetable: Timetable = TIMETABLE
    ) -> Course:
        """The course at `now`, its people on `platform` (slash commands, every capability),
        sending within `timetable`'s hours."""
        clock = ManualClock(now)
        uow = MemoryUnitOfWorkFactory(clock=clock)
        directory = FakeDirectory()
        sender = RecordingSender(PLATFORM, clock)
        services = build_services(
            uow,
            clock,
            CURRICULUM,
            Platforms.of(platform or Platform(PLATFORM, SLASH)),
            directory,
            {PLATFORM: sender},
            timetable,
            charts=FakeCharts(),
        )
        return cls(clock, uow, directory, sender, services)

    # Arranging

    async def set_up(self, setup: CohortSetup = SAMPLE_COHORT) -> Cohort:
        """Apply a cohort file (the sample's by default), as `facilitator import` does."""
        return await self.services.setup.apply(copy.deepcopy(setup), PLATFORM)

    # Acting: one method per use case

    async def command(self, user: str, name: str, text: str) -> str:
        """Type a command, as any platform's adapter hands it over."""
        request = RunCommand(Actor(PLATFORM, user), CommandName(name), text, tuple(text.split()))
        reply = await self.services.registry.handle(request)
        assert reply is not None
        return reply_text(reply)

    async def handle(self, request: RunCommand | PressButton) -> Message | Form | None:
        """Hand a request to the registry, as every platform's adapter does."""
        return await self.services.registry.handle(request)

    async def check_in(self, user: str, *numbers: int) -> str:
        return reply_text(
            await self.services.progress.check_in(Actor(PLATFORM, user), numbers, "command")
        )

    async def undo(self, user: str, *numbers: int) -> str:
        return reply_text(await self.services.progress.undo(Actor(PLATFORM, user), numbers))

    async def progress(self, user: str) -> str:
        return reply_text(await self.services.progress.progress(Actor(PLATFORM, user)))

    async def set_pace(self, user: str, weeks: int) -> str:
        return reply_text(await self.services.choices.choose(Actor(PLATFORM, user), SetPace(weeks)))

    async def pause(self, user: str, days: int) -> str:
        return reply_text(await self.services.choices.choose(Actor(PLATFORM, user), Pause(days)))

    async def resume(self, user: str) -> str:
        return reply_text(await self.services.choices.choose(Actor(PLATFORM, user), Resume()))

    async def run_rhythm(self) -> None:
        await self.services.rhythm.run_due()

    async def ask(self, user: str, question: str) -> str:
        return reply_text(await self.services.questions.ask(Actor(PLATFORM, user), question))

    async def reply_in_thread(self, user: str, thread: str, text: str, source: str) -> Relayed:
        """Write in the thread under the message the platform knows as `thread`."""
        actor = Actor(PLATFORM, user)
        return await self.services.relay.relay(actor, thread, text, source, f"event-{source}")

    async def start_poll(self, user: str, answers: Answers) -> None:
        await self.services.polls.start(Actor(PLATFORM, user), answers)

    async def vote(self, user: str, poll_id: int, slot_id: int, answer: Availability) -> str:
        value = f"{poll_id}:{slot_id}"
        return reply_text(await self.services.voting.vote(Actor(PLATFORM, user), value, answer))

    async def close_poll(self, user: str, which: str | int = "") -> str:
        return reply_text(await self.services.closing.close(Actor(PLATFORM, user), which))

    async def enrol(
        self, user: str, who: str, organisation: str, seniority: Seniority, pace: int | None = None
    ) -> str:
        command = EnrolLeader(Mention(user_id=who), organisation, seniority, pace)
        return reply_text(await self.services.enrolment.enrol(Actor(PLATFORM, user), command))

    async def ask_to_be_forgotten(self, user: str) -> str:
        return reply_text(await self.services.data_rights.forget_me_prompt(Actor(PLATFORM, user)))

    async def confirm_forget_me(self, user: str, person_id: int) -> str:
        return reply_text(
            await self.services.data_rights.forget(Actor(PLATFORM, user), str(person_id))
        )

    async def dispatch(self) -> DispatchReport:
        return await self.services.outbox.dispatch_due()

    # Looking

    def outbox(self, prefix: str = "") -> list[Delivery]:
        """Every committed delivery whose key starts with `prefix`, in queued order."""
        rows = self.uow.database.rows(DELIVERIES)
        return [r.delivery for _, r in sorted(rows.items()) if r.delivery.key.startswith(prefix)]

    def delivery(self, key: str) -> Delivery:
        found = self.outbox(key)
        assert [d.key for d in found if d.key == key] == [key], f"no delivery {key}"
        return next(d for d in found if d.key == key)

    def sent_texts(self, recipient: str) -> list[str]:
        return [text_of(s.delivery) for s in self.sender.sent if s.delivery.recipient == recipient]
