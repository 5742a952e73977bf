"""Files kept behind a download link: one per delivery, found by token until they
expire, deleted when expired or when the person they were for is erased. The same tests
run on SQLite, PostgreSQL (when TEST_DATABASE_URL is set) and the in-memory fake."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.clock import ManualClock
from bot.core.downloads import Download, is_token, media_type
from bot.core.outgoing import Address, Attachment
from bot.core.ports import UnitOfWorkFactory
from bot.core.services.downloads import Downloads
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes.core.memory_uow import MemoryUnitOfWorkFactory
from tests.storage.conftest import NOON

AMIRA = Address.person("teams", "29:amira")
SAM = Address.person("teams", "29:sam")
COORDINATORS = Address.channel("teams", "19:coordinators@thread.tacv2")
WEEK = timedelta(days=7)


@pytest.fixture(params=["sql", "memory"])
def factory(request: pytest.FixtureRequest, uow: SqlUnitOfWorkFactory) -> UnitOfWorkFactory:
    return uow if request.param == "sql" else MemoryUnitOfWorkFactory()


def download(key: str, to: Address = AMIRA, name: str = "my-data.json") -> Download:
    return Download.of(key, Attachment.text(name, '{"you": "Amira"}\n'), to, NOON, NOON + WEEK)


async def test_a_download_is_kept_and_found_by_its_token_until_it_expires(
    factory: UnitOfWorkFactory,
) -> None:
    chart = Download.of(
        "digest-chart:1:2",
        Attachment.binary("chart.png", b"\x89PNG\r\n\x00\xff"),
        COORDINATORS,
        NOON,
        NOON + WEEK,
    )
    async with factory() as work:
        assert await work.downloads.add(chart) == chart
        await work.commit()
    async with factory() as work:
        assert await work.downloads.get(chart.token, NOON + WEEK - timedelta(seconds=1)) == chart
        assert await work.downloads.get(chart.token, NOON + WEEK) is None
        assert await work.downloads.get("x" * 43, NOON) is None
    assert chart.media_type == "image/png" and chart.is_image and chart.days == 7


async def test_a_second_download_for_the_same_delivery_gives_back_the_first(
    factory: UnitOfWorkFactory,
) -> None:
    first = download("my-data:1:a")
    async with factory() as work:
        await work.downloads.add(first)
        await work.commit()
    again = download("my-data:1:a")
    assert again.token != first.token
    async with factory() as work:
        assert await work.downloads.add(again) == first
        await work.commit()
    async with factory() as work:
        assert await work.downloads.get(again.token, NOON) is None


async def test_expired_downloads_are_deleted_and_live_ones_kept(
    factory: UnitOfWorkFactory,
) -> None:
    old = Download.of(
        "export:1", Attachment.text("a.csv", "x"), SAM, NOON, NOON + timedelta(days=1)
    )
    live = download("my-data:1:a")
    async with factory() as work:
        await work.downloads.add(old)
        await work.downloads.add(live)
        await work.commit()
    async with factory() as work:
        assert await work.downloads.delete_expired(NOON + timedelta(days=2)) == 1
        await work.commit()
    async with factory() as work:
        assert await work.downloads.get(old.token, NOON) is None
        assert await work.downloads.get(live.token, NOON) == live


async def test_erasing_for_a_person_deletes_only_their_downloads(
    factory: UnitOfWorkFactory,
) -> None:
    mine, theirs = download("my-data:1:a"), download("export:1", SAM, "leaders.csv")
    async with factory() as work:
        await work.downloads.add(mine)
        await work.downloads.add(theirs)
        await work.commit()
    async with factory() as work:
        assert await work.downloads.erase_for([AMIRA, Address.person("slack", "29:amira")]) == 1
        await work.commit()
    async with factory() as work:
        assert await work.downloads.get(mine.token, NOON) is None
        assert await work.downloads.get(theirs.token, NOON) == theirs


async def test_the_service_offers_one_download_per_delivery_and_fetches_only_live_tokens(
    factory: UnitOfWorkFactory,
) -> None:
    clock = ManualClock(NOON)
    downloads = Downloads(factory, clock, days=3)
    file = Attachment.text("leaders.csv", "\ufeffName\nAmira\n")

    offered = await downloads.offer("export:1:2", file, SAM)
    assert await downloads.offer("export:1:2", file, SAM) == offered  # a retried send

    assert is_token(offered.token) and offered.days == 3
    assert offered.content == "\ufeffName\nAmira\n".encode()
    assert offered.media_type == "text/csv; charset=utf-8"
    assert await downloads.fetch(offered.token) == offered
    assert await downloads.fetch("../etc/passwd") is None
    clock.advance(timedelta(days=3))
    assert await downloads.fetch(offered.token) is None
    assert await downloads.delete_expired() == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("session.ics", "text/calendar; charset=utf-8"),
        ("leaders.CSV", "text/csv; charset=utf-8"),
        ("facilitator-my-data-2027-01-13.json", "application/json; charset=utf-8"),
        ("progress.png", "image/png"),
        ("notes", "application/octet-stream"),
    ],
)
def test_the_media_type_comes_from_the_files_name(name: str, expected: str) -> None:
    assert media_type(name) == expected
