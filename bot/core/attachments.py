"""Files that travel with an outbox message, in its JSON payload under "file".

Text (a CSV) is kept as it is; bytes (a PNG chart) are kept as base64 with
`"encoding": "base64"`, because the payload is JSON. Senders read either with
`attachment_content`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from bot.core.messages import Message

BASE64 = "base64"


def with_file(message: Message, attachment: Mapping[str, object]) -> dict[str, object]:
    """An outbox payload: the message, as the comment on the file it carries."""
    return {**message.to_dict(), "file": dict(attachment)}


def text_attachment(name: str, content: str, title: str | None = None) -> dict[str, object]:
    """A text file (a CSV, a JSON document, a calendar invite), ready for a payload's "file"."""
    return {"name": name, "title": title or name, "content": content}


def binary_attachment(name: str, content: bytes, title: str | None = None) -> dict[str, object]:
    """A file of bytes, ready for a payload's "file"."""
    return {
        "name": name,
        "title": title or name,
        "content": base64.b64encode(content).decode("ascii"),
        "encoding": BASE64,
    }


def is_binary(attachment: Mapping[str, object]) -> bool:
    return attachment.get("encoding") == BASE64


def attachment_content(attachment: Mapping[str, object]) -> str | bytes:
    """The file's content: bytes for a binary file, text otherwise.

    Raises ValueError if a binary file's content is not valid base64.
    """
    content = attachment.get("content", "")
    if not is_binary(attachment):
        return str(content)
    try:
        return base64.b64decode(str(content), validate=True)
    except binascii.Error as error:
        raise ValueError(f"file {attachment.get('name')!r} is not valid base64") from error
