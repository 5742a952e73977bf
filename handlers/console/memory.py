"""What the console keeps between runs (its clock), and `:reset`, which starts over.

The shell reaches its database only through `Memory`, which the wiring in `bot/console.py`
provides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.wording import day

CONFIRM = "yes"  # `:reset yes`: a word, not a prompt, so scripts can reset too


@dataclass(frozen=True)
class Held:
    """What the console's database holds, in plain words (`6 people`), and when the clock
    would start again."""

    things: list[str]
    clock: datetime | None
    restart_at: datetime
    refusal: str | None = None  # why this database must not be emptied by the console


class Memory(Protocol):
    async def keep_time(self, now: datetime) -> None:
        """Keep the clock's time, so that the next run carries on from it."""
        ...

    async def held(self) -> Held: ...

    async def start_over(self) -> None:
        """Delete everything, set up the cohort file again, and restart the clock."""
        ...


def reset_question(held: Held, zone: ZoneInfo) -> str:
    """What `:reset` would delete, and how to go ahead."""
    things = [*held.things]
    if held.clock is not None:
        things.append(f"the console's clock, at {local_time(held.clock, zone)}")
    return "\n".join(
        [
            ":reset deletes everything the console keeps in its database:",
            *(f"  {thing}" for thing in things),
            "Then it sets up the cohort file again, with the clock at "
            f"{local_time(held.restart_at, zone)}.",
            f"To do it, type :reset {CONFIRM}",
        ]
    )


DONE = "Deleted everything the console kept. Starting again from the cohort file."
RESUMED = "The console carries on from where it stopped. Type :reset to start again."


def local_time(when: datetime, zone: ZoneInfo) -> str:
    local = when.astimezone(zone)
    return f"{day(local)}, {local:%H:%M}"
