"""Files for Teams: a bot cannot attach a file to a message in Teams without asking the
person first (the file consent card, which works in one-to-one chats only), so the bot
keeps the file for a few days and the card links to it here, at `GET /files/<token>`.

The token is the whole secret (256 random bits): the route lists nothing, answers 404
in plain words for a token that is unknown or expired, and finds a file by its primary
key, never by comparing tokens one by one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from bot.core.downloads import Download
from bot.core.outgoing import Address, Attachment
from bot.core.services.downloads import Downloads

# Keep a delivery's file for its address (`Downloads.offer`): the same one on every try.
Offer = Callable[[str, Attachment, Address], Awaitable[Download]]

ROUTE = "/files/{token}"
GONE = (
    "This download link is not known or has expired. "
    "Ask the bot again and it will send you a new one.\n"
)


@dataclass(frozen=True)
class FileLinks:
    """How files are kept, and the bot's public address that links to them."""

    offer: Offer
    public_url: str

    def url(self, token: str) -> str:
        return f"{self.public_url.rstrip('/')}/files/{token}"


def serve_files(app: web.Application, downloads: Downloads) -> None:
    """Answer `GET /files/<token>` with the file, as a download."""

    async def download(request: web.Request) -> web.Response:
        found = await downloads.fetch(request.match_info["token"])
        if found is None:
            return web.Response(status=404, text=GONE, headers=_PRIVATE)
        headers = {
            **_PRIVATE,
            "Content-Type": found.media_type,
            "Content-Disposition": disposition(found.name),
        }
        return web.Response(body=found.content, headers=headers)

    app.router.add_get(ROUTE, download)


# Kept by nobody on the way, never read as another type, and no link back to the bot.
_PRIVATE = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def disposition(name: str) -> str:
    """`attachment` with the file's name: plain ASCII, and exactly as UTF-8 (RFC 6266)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
