"""What Slack offers the core: slash commands, and everything else a bot can want."""

from bot.core.platforms import Capabilities, CommandNames, Platform
from handlers.slack.ids import PLATFORM


def slack_platform(names: CommandNames) -> Platform:
    """Slash commands named in the settings; ephemeral replies, threads in direct messages,
    the Home tab, file uploads and modals."""
    return Platform(PLATFORM, names, Capabilities())
