"""What the console offers the core: it plays a chat app with slash commands, showing
forms as text to fill in with :fill and threads as question references for :reply."""

from bot.core.platforms import Capabilities, CommandNames, Platform
from handlers.console.adapters import PLATFORM


def console_platform(names: CommandNames) -> Platform:
    return Platform(PLATFORM, names, Capabilities())
