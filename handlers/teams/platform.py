"""What Teams offers the core, and what it lacks."""

from bot.core.platforms import Capabilities, CommandNames, Platform
from handlers.teams.ids import PLATFORM

# A bot may write first only to people who have the app: an admin installs it for them, or
# they open it once.
REACH_ADVICE = (
    "Install the app for them from the Teams admin centre, "
    "or ask them to open Facilitator in Teams once."
)


def teams_platform() -> Platform:
    """Commands typed as words ("checkin 3") in a chat with the bot; dialogs for forms.

    A channel has no answers only one person sees, a one-to-one chat has no threads, there
    is no home page, a bot cannot simply attach a file, and it can write only to people who
    have the app: the core answers by direct message, puts a Reply button on each answer,
    the sender sends files as links, and coordinators are told who cannot be reached yet.
    """
    capabilities = Capabilities(
        private_replies=False,
        threads_in_direct_messages=False,
        home_view=False,
        file_uploads=False,
        forms=True,
        writes_first=False,
    )
    return Platform(PLATFORM, CommandNames.typed_as_words(), capabilities, REACH_ADVICE)
