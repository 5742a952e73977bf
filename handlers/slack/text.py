"""Text people typed, as Slack sends it, turned back into plain text.

Slack escapes &, < and > and writes mentions and links as <...> tokens. The core keeps
plain text, which the renderer escapes again when the bot posts it, so a relayed
mention reads as a name and can never ping anyone.
"""

from __future__ import annotations

import re

from bot.core.requests import ChannelMention, Mention, Word

_TOKEN = re.compile(r"<([^<>]*)>")
_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")


def command_words(text: str) -> tuple[Word, ...]:
    """A command's words, with Slack's user and channel tokens resolved to mentions."""
    words: list[Word] = []
    for token in text.split():
        user, channel = _USER.match(token), _CHANNEL.match(token)
        if user:
            words.append(Mention(user_id=user.group(1), name=user.group(2) or None))
        elif channel:
            words.append(ChannelMention(channel_id=channel.group(1), name=channel.group(2) or None))
        else:
            words.append(plain_text(token))
    return tuple(words)


def plain_text(text: str) -> str:
    """Readable text from Slack's message format: '<@U1|amira>' becomes '@amira'."""
    plain = _TOKEN.sub(_readable, text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _readable(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    if target.startswith(("@", "#")):
        return target[0] + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>
        return label or "@" + target[1:].split("^")[0]
    return f"{label} ({target})" if label and label != target else target
