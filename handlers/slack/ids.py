"""Every Slack identifier the app registers, in one place; manifest.yml must match."""

import re

from bot.core.join_form import JOIN
from bot.core.usecases.buttons import BUTTON_HANDLERS
from bot.core.usecases.forms import FORM_HANDLERS

PLATFORM = "slack"

# Button action ids.
ACTIONS = tuple(BUTTON_HANDLERS)

# Modal callback ids: one for each form.
FORMS = tuple(FORM_HANDLERS)

# Global shortcuts' callback ids.
SHORTCUTS = (JOIN,)

# Bot events the app subscribes to.
EVENTS = (
    "app_home_opened",
    "message.im",
    "message.channels",
    "message.groups",
    "app_mention",
    "message_metadata_posted",
)

# Slack member ids: U... for most users, W... on Enterprise Grid.
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def message_ref(channel: str, ts: str) -> str:
    """How the core refers to a Slack message: its channel and timestamp."""
    return f"{channel}:{ts}"


def split_ref(ref: str) -> tuple[str, str]:
    """The channel and timestamp of a message reference."""
    channel, _, ts = ref.partition(":")
    return channel, ts
