"""Bring a database schema up to date with the Alembic migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config built in code, so no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Config values go through ConfigParser interpolation: escape a password's %-encoding.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_sync(url: str) -> None:
    """Apply every pending migration; call it only where no event loop is running."""
    command.upgrade(alembic_config(url), "head")


async def upgrade(url: str) -> None:
    """Apply every pending migration from async code."""
    # env.py starts its own event loop, which cannot happen on a thread already running one.
    await asyncio.to_thread(upgrade_sync, url)
