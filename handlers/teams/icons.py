"""The app's two icons, drawn here so the package needs no image files: a white "F" on a
rounded square of the accent colour, and the same "F" as the white outline icon."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

ACCENT = "#0072B2"  # the charts' blue; white on it reads at a contrast of 5:1
COLOR_SIZE = 192
OUTLINE_SIZE = 32
WHITE = (255, 255, 255, 255)

# The "F" on a 32-pixel grid: the stem, the top bar and the middle bar (left, top, right,
# bottom, with the right and bottom edges outside the shape).
_LETTER = ((9, 6, 13, 26), (9, 6, 23, 10), (9, 14, 20, 18))
# Drawn this many times larger, then scaled down, so the corners and edges are smooth.
_SUPERSAMPLE = 4


def color_png() -> bytes:
    """192 by 192: the letter at 96 by 96, in the middle of the rounded square Teams asks for."""
    big = COLOR_SIZE * _SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=ACCENT)
    _letter(draw, scale=3 * _SUPERSAMPLE, offset=(COLOR_SIZE // 4) * _SUPERSAMPLE)
    return _png(image.resize((COLOR_SIZE, COLOR_SIZE), Image.Resampling.LANCZOS))


def outline_png() -> bytes:
    """32 by 32: the letter in white on transparent, on whole pixels so no grey edge appears."""
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (255, 255, 255, 0))
    _letter(ImageDraw.Draw(image), scale=1, offset=0)
    return _png(image)


def _letter(draw: ImageDraw.ImageDraw, scale: int, offset: int) -> None:
    for left, top, right, bottom in _LETTER:
        box = (offset + left * scale, offset + top * scale)
        end = (offset + right * scale - 1, offset + bottom * scale - 1)
        draw.rectangle((box, end), fill=WHITE)


def _png(image: Image.Image) -> bytes:
    # Pillow writes no time or software name into a PNG, so the bytes are the same each run.
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
