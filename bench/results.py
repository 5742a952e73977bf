"""bench/RESULTS.md, where each benchmark keeps one section between its own markers."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).parent / "RESULTS.md"


def write_section(begin: str, end: str, section: str, path: Path = RESULTS) -> None:
    """Put `section` in place of the old one between `begin` and `end`, or at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
