"""What Teams offers the core, and what it lacks."""

from bot.core.platforms import Capabilities, CommandNames, Platform
from handlers.teams.ids import PLATFORM


def teams_platform() -> Platform:
    """Commands typed as words ("checkin 3") in a chat with the bot; dialogs for forms.

    A channel has no answers only one person sees, a one-to-one chat has no threads, there
    is no home page, and a bot cannot simply attach a file: the core answers by direct
    message, puts a Reply button on each answer, and the sender sends files as links.
    """
    capabilities = Capabilities(
        private_replies=False,
        threads_in_direct_messages=False,
        home_view=False,
        file_uploads=False,
        forms=True,
    )
    return Platform(PLATFORM, CommandNames.typed_as_words(), capabilities)
