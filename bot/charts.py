"""Charts drawn with matplotlib, headless: the `Charts` port of the core.

Only this module imports matplotlib, and only when a chart is drawn, so the core stays
free of it and start-up does not pay for it. Each chart is its own `Figure` on the Agg
canvas (never pyplot's global state), so charts can be drawn in worker threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from bot.core.insight_figures import CompletionSeries

# Colours that stay apart for the common kinds of colour blindness (Okabe and Ito).
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


class MatplotlibCharts:
    def completion_png(self, series: Sequence[CompletionSeries], title: str) -> bytes:
        """Cumulative percent of modules done, solid, and the plan, dashed, for each pace."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator, PercentFormatter

        figure = Figure(figsize=(8, 4.5), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        last = 0
        for n, line in enumerate(series):
            colour = _COLOURS[n % len(_COLOURS)]
            axes.plot(
                range(len(line.planned)),
                line.planned,
                linestyle="--",
                color=colour,
                alpha=0.7,
                label=f"{line.pace}-week plan",
            )
            axes.plot(
                range(len(line.actual)),
                line.actual,
                marker="o",
                color=colour,
                linewidth=2,
                label=f"Done: {line.label}",
            )
            last = max(last, len(line.planned) - 1, len(line.actual) - 1)
        if not series:
            axes.text(
                0.5, 0.5, "No leaders yet", ha="center", va="center", transform=axes.transAxes
            )
        axes.set_title(title, fontsize=11)
        axes.set_xlabel("Programme week (0 is the start)")
        axes.set_ylabel("Modules done")
        axes.set_xlim(0, max(last, 1))
        axes.set_ylim(0, 105)  # room above 100%, so a finished plan's line shows
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(PercentFormatter())
        axes.grid(True, alpha=0.3)
        if series:
            axes.legend(loc="upper left", fontsize=8, frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        # No software or date in the file, so the same figures give the same bytes.
        figure.savefig(out, format="png", metadata={"Software": None})
        return out.getvalue()
