"""The completion chart is a real PNG that matplotlib can read back, drawn headless."""

from __future__ import annotations

import io
import subprocess
import sys

import matplotlib.image

from bot.charts import MatplotlibCharts
from bot.core.insight_figures import CompletionSeries

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SERIES = (
    CompletionSeries(3, 14, (0.0, 20.0, 34.0), (0.0, 33.3, 66.7, 100.0, 100.0, 100.0, 100.0)),
    CompletionSeries(6, 26, (0.0, 12.5, 23.4), (0.0, 16.7, 33.3, 50.0, 66.7, 83.3, 100.0)),
)


def test_the_chart_is_a_png_matplotlib_reads_back() -> None:
    png = MatplotlibCharts().completion_png(SERIES, "Cohort 1: modules done against the plan")
    assert png.startswith(PNG_MAGIC)
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert image.shape[:2] == (450, 800)  # 8 by 4.5 inches at 100 dots an inch
    assert image.std() > 0  # something is drawn


def test_the_same_figures_give_the_same_bytes() -> None:
    charts = MatplotlibCharts()
    assert charts.completion_png(SERIES, "A") == charts.completion_png(SERIES, "A")


def test_a_cohort_without_leaders_still_gets_a_readable_chart() -> None:
    png = MatplotlibCharts().completion_png((), "Nobody yet")
    assert png.startswith(PNG_MAGIC)
    assert matplotlib.image.imread(io.BytesIO(png), format="png").shape[:2] == (450, 800)


def test_drawing_never_touches_pyplot() -> None:
    # In a fresh interpreter: in this one another test may have imported pyplot already.
    code = (
        "import sys\n"
        "from bot.charts import MatplotlibCharts\n"
        "from bot.core.insight_figures import CompletionSeries\n"
        "series = (CompletionSeries(3, 5, (0.0, 40.0), (0.0, 33.3, 66.7, 100.0)),)\n"
        "assert MatplotlibCharts().completion_png(series, 'A').startswith(b'\\x89PNG')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_core_and_start_up_never_import_matplotlib() -> None:
    code = (
        "import importlib, pkgutil, sys, bot.core, bot.bootstrap\n"
        "for m in pkgutil.walk_packages(bot.core.__path__, 'bot.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
