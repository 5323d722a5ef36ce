"""Server-rendered SVG charts (issue 10 point 8): plain geometry for the templates in templates/includes/chart_*.html.

No library and no script: each function turns figures into rectangles and text positions in a viewBox 360 units
wide (a phone's width, so the 13-unit text stays readable at 375 px and the chart scales up to its card on a
desktop). Colours are SVG presentation attributes, not style attributes, so the strict CSP holds, and WeasyPrint
prints the same markup in the PDFs. Every chart comes with its figures as rows for the table beside it, which is
what screen readers read (the SVG itself is aria-hidden).
"""
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["BarChart", "Histogram", "VersusChart", "bar_chart", "histogram", "versus_chart"]

WIDTH = 360
BAR_AREA = 280  # the longest bar; the value is written after it
ROW = 40


def _fmt(value):
    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text
    return str(value)


@dataclass
class BarChart:
    """Horizontal bars, one row each: the label above its bar, the value after it."""

    rows: list
    height: int
    width: int = WIDTH


def bar_chart(rows):
    """`rows`: (label, count) pairs, drawn in their order against the largest count."""
    largest = max((value for _label, value in rows), default=0) or 1
    drawn = []
    for index, (label, value) in enumerate(rows):
        top = index * ROW
        length = round(BAR_AREA * value / largest, 1)
        drawn.append({
            "label": label, "value": value, "text": _fmt(value), "label_y": top + 14, "bar_y": top + 20,
            "length": length, "track": BAR_AREA, "value_x": length + 6, "value_y": top + 32,
        })
    return BarChart(rows=drawn, height=max(len(rows), 1) * ROW + 4)


@dataclass
class Histogram:
    """Vertical bars over 0–100 % of the scale in equal bins, with the pass bar drawn as a line."""

    bins: list
    height: int
    bar_x: float
    bar_label: str
    ticks: list = field(default_factory=list)
    baseline: int = 0
    width: int = WIDTH


def histogram(shares, *, pass_ratio, step=5):
    """`shares`: each result as a percentage of its scale (0–100); `pass_ratio` e.g. Decimal("0.550").

    Bins are [0, 5), [5, 10) … [95, 100]; a result at the pass bar falls in the bin that starts there, so the
    bins left of the line hold exactly the results below it (Art. 20: 550.0 passes, 549.9 does not).
    """
    count = 100 // step
    counts = [0] * count
    for share in shares:
        counts[min(int(Decimal(share) // step), count - 1)] += 1
    left, plot_width, top, plot_height = 18, WIDTH - 36, 40, 150
    slot = plot_width / count
    largest = max(counts) or 1
    baseline = top + plot_height
    bins = []
    for index, n in enumerate(counts):
        bar = round(plot_height * n / largest, 1)
        x = round(left + index * slot + 1, 1)
        bins.append({
            "low": index * step, "high": (index + 1) * step, "count": n, "x": x, "width": round(slot - 2, 1),
            "y": round(baseline - bar, 1), "bar": bar, "text_x": round(x + (slot - 2) / 2, 1),
            "text_y": round(baseline - bar - 4, 1), "passes": index * step >= pass_ratio * 100,
        })
    ticks = [{"x": round(left + i * slot, 1), "text": f"{i * step}%"} for i in range(0, count + 1, 20 // step)]
    percent = pass_ratio * 100
    return Histogram(
        bins=bins, height=baseline + 24, baseline=baseline, ticks=ticks,
        bar_x=round(left + float(percent) / step * slot, 1), bar_label=f"{_fmt(Decimal(percent))}%",
    )


@dataclass
class VersusChart:
    """Per category: a track for its maximum, the applicant's bar, and a marker at the comparison mean."""

    rows: list
    height: int
    width: int = WIDTH


def versus_chart(rows):
    """`rows`: (label, own, maximum, mean) with own and mean in points (either may be None)."""
    drawn = []
    for index, (label, own, maximum, mean) in enumerate(rows):
        top = index * 48
        scale = BAR_AREA / (maximum or 1)
        drawn.append({
            "label": label, "own": own, "maximum": maximum, "mean": mean,
            "text": f"{_fmt(own)} / {_fmt(maximum)}", "mean_text": _fmt(mean),
            "label_y": top + 14, "bar_y": top + 20, "track": BAR_AREA,
            "length": round(float(own or 0) * scale, 1), "value_x": BAR_AREA + 6, "value_y": top + 32,
            "mean_x": None if mean is None else round(float(mean) * scale - 1.5, 1), "mean_y": top + 16,
        })
    return VersusChart(rows=drawn, height=max(len(rows), 1) * 48 + 4)
