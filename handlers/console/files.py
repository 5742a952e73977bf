"""The files the bot sends in the console: a preview as they arrive, then :show and :save.

Files are numbered in the order they are sent, and the number is in each file's line
("[file 2: progress.csv, 1.2 KB]"), so `:show 2` and `:save 2 PATH` name the file.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.outgoing import Attachment
from bot.core.wording import plural

PREVIEW_LINES = 4


def preview(number: int, attachment: Attachment) -> str:
    """The file's line and its first lines, as a chat client previews an attachment.

    A binary file (a chart) shows as its line alone, with how to keep it.
    """
    if isinstance(attachment.content, bytes):
        return (
            f"    {_heading(number, attachment)} (type :save {number} and a file name to keep it)"
        )
    content = _lines(attachment.content)
    more = len(content) - PREVIEW_LINES
    hint = f"... and {plural(more, 'more line')} (type :show {number} to see it all)"
    shown = [*content[:PREVIEW_LINES], *([hint] if more > 0 else [])]
    return _indent("\n".join([_heading(number, attachment), *shown]))


def whole(number: int, attachment: Attachment) -> str:
    """Every line of a text file; for a binary file, how to open it instead."""
    if isinstance(attachment.content, bytes):
        return (
            f"File {number} ({attachment.name}) is {_kind(attachment.name)}, so it cannot be "
            f"shown here. Save it with :save {number} and a file name, then open that file."
        )
    return _indent("\n".join([_heading(number, attachment), *_lines(attachment.content)]))


def save(number: int, attachment: Attachment, path: Path) -> str:
    """Write the file's bytes at `path` (into it, if it is a folder); say where, or why not.

    An existing file is never replaced: nothing a coordinator kept is lost by a typo.
    """
    target = path.expanduser()
    if target.is_dir():
        target = target / attachment.name
    data = content_bytes(attachment)
    try:
        with target.open("xb") as file:
            file.write(data)
    except FileExistsError:
        return f"There is already a file at {target}. Give another name, or delete that file."
    except FileNotFoundError:
        return f"There is no folder {target.parent}. Create it first, or give another path."
    except OSError as error:
        return f"I could not save file {number} at {target}: {error.strerror or error}."
    return f"Saved file {number} ({attachment.name}, {size(len(data))}) at {target.resolve()}."


def content_bytes(attachment: Attachment) -> bytes:
    """The file as it would download: text as UTF-8, with any byte order mark it carries."""
    content = attachment.content
    return content if isinstance(content, bytes) else content.encode("utf-8")


def size(count: int) -> str:
    """'830 bytes', '1.2 KB', '3 MB'."""
    if count < 1024:
        return plural(count, "byte")
    kilobytes = count / 1024
    if kilobytes < 1024:
        return _one_place(kilobytes) + " KB"
    return _one_place(kilobytes / 1024) + " MB"


def _one_place(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _heading(number: int, attachment: Attachment) -> str:
    """'[file 2: progress.csv, 1.2 KB]'; a binary file says what it is instead of its
    size, which depends on the library that drew it (:save tells the size)."""
    if isinstance(attachment.content, bytes):
        return f"[file {number}: {attachment.name}, {_kind(attachment.name)}]"
    return f"[file {number}: {attachment.name}, {size(len(content_bytes(attachment)))}]"


def _kind(name: str) -> str:
    return "a PNG image" if name.lower().endswith(".png") else "a binary file"


def _lines(text: str) -> list[str]:
    return text.removeprefix("\ufeff").splitlines()


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
