"""Commands typed as in Slack, parsed the way the Slack adapter and the core parse them."""

from bot.core.commands import Command, CommandError, parse
from bot.core.platforms import CommandName, CommandNames, Platform, Platforms
from handlers.slack.text import command_words, plain_text

SLASH = CommandNames("/checkin", "/progress", "/cohort", "/ask")


def parse_typed(
    command: str, text: str, modules: int = 32, names: CommandNames = SLASH
) -> Command | CommandError:
    """`text` typed after the command: Slack's tokens become mentions, as the adapter does."""
    return parse(CommandName(command), plain_text(text), command_words(text), modules, names)


# The platforms the tests' people are on, both with slash commands.
PLATFORMS = Platforms.of(Platform("slack", SLASH), Platform("console", SLASH))
