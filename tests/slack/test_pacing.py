"""The sender's pacing: a second apart per channel, spread over the minute, held by 429s."""

from __future__ import annotations

import asyncio

from bot.core.pacing import Pacer
from handlers.slack.sender import CHANNEL_INTERVAL


class Seconds:
    """A monotonic clock for the pacer that moves only when it sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def pacer(per_minute: int, seconds: Seconds) -> Pacer:
    return Pacer(per_minute, channel_interval=CHANNEL_INTERVAL, now=seconds, sleep=seconds.sleep)


async def times_of(pacer: Pacer, seconds: Seconds, *channels: str) -> list[float]:
    """When each message, sent one after another, was let go."""
    went = []
    for channel in channels:
        await pacer.wait_turn(channel)
        went.append(round(seconds.now, 3))
    return went


async def test_messages_to_one_channel_go_a_second_apart() -> None:
    seconds = Seconds()
    paced = pacer(6000, seconds)
    assert await times_of(paced, seconds, "DAMIRA", "DAMIRA", "DAMIRA") == [0, 1, 2]


async def test_messages_to_different_channels_are_spread_evenly_over_the_minute() -> None:
    seconds = Seconds()
    paced = pacer(120, seconds)
    assert await times_of(paced, seconds, "U1", "U2", "U3", "U4") == [0, 0.5, 1, 1.5]


async def test_a_quiet_channel_goes_at_once() -> None:
    seconds = Seconds()
    paced = pacer(60, seconds)
    await paced.wait_turn("C0COHORT01")
    seconds.now += 5
    assert await times_of(paced, seconds, "C0COHORT01", "U1") == [5, 6]


async def test_a_429_holds_its_channel_until_retry_after_and_not_the_others() -> None:
    seconds = Seconds()
    paced = pacer(6000, seconds)
    await paced.wait_turn("U1")
    paced.sent("U1", refused_for=30)
    assert await times_of(paced, seconds, "U2", "U3", "U1") == [0.01, 0.02, 30]


async def test_429s_in_a_row_pause_every_channel_until_retry_after() -> None:
    seconds = Seconds()
    paced = pacer(6000, seconds)
    for channel in ("U1", "U2", "U3"):
        await paced.wait_turn(channel)
        paced.sent(channel, refused_for=30)  # the workspace's limit refuses everything
    assert await times_of(paced, seconds, "U4") == [30.02]  # 30 s from the third


async def test_an_answer_between_429s_keeps_the_others_going() -> None:
    seconds = Seconds()
    paced = pacer(6000, seconds)
    for channel, refused_for in (("U1", 30), ("U2", 30), ("U3", None), ("U4", 30)):
        await paced.wait_turn(channel)
        paced.sent(channel, refused_for)
    assert await times_of(paced, seconds, "U5") == [0.04]


async def test_a_message_already_waiting_when_429s_arrive_waits_for_the_pause_too() -> None:
    seconds = Seconds()
    paced = pacer(6000, seconds)
    await paced.wait_turn("U1")
    waiting = asyncio.create_task(paced.wait_turn("U1"))  # its slot is a second away
    await asyncio.sleep(0)
    assert seconds.now == 1
    for _ in range(3):
        paced.sent("U2", refused_for=5)
    await waiting
    assert seconds.now == 6


async def test_a_longer_pause_is_never_shortened_by_a_shorter_one() -> None:
    seconds = Seconds()
    paced = pacer(6000, seconds)
    for refused_for in (30, 30, 30, 2):
        paced.sent("U1", refused_for)
    assert await times_of(paced, seconds, "U2") == [30]
