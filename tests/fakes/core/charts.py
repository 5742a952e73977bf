"""Charts that draw nothing: a few bytes that start like a PNG, and a note of each call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.insight_figures import CompletionSeries
from bot.core.ports import Charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class FakeCharts:
    titles: list[str] = field(default_factory=list)

    def completion_png(self, series: Sequence[CompletionSeries], title: str) -> bytes:
        self.titles.append(title)
        return PNG_SIGNATURE + title.encode()


def _conforms(charts: FakeCharts) -> Charts:
    """Never called: mypy checks here that the fake is the port."""
    return charts
