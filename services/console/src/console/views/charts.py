"""Bar charts and histograms as data for a server-rendered SVG (no script, no CDN): each bar's
label, value and length in the chart's units. The page shows the same numbers in a table
beside each chart, so nothing is only in the picture (WCAG 1.1.1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The length of the longest bar, in SVG user units (the chart's viewBox is wider by the labels).
FULL = 300.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    length: float


@dataclass(frozen=True)
class Chart:
    """`bars` top to bottom; `unit` names what a value counts (for the caption)."""

    bars: tuple[Bar, ...]

    @property
    def height(self) -> int:
        return 24 * len(self.bars) + 4


def bar_chart(counts: Iterable[tuple[str, float]]) -> Chart:
    """Bars scaled so the largest value is `FULL` long; zero and negative values are empty."""
    pairs = list(counts)
    top = max((value for _, value in pairs), default=0.0)
    scale = FULL / top if top > 0 else 0.0
    return Chart(tuple(Bar(label, value, max(value, 0.0) * scale) for label, value in pairs))


def counted(values: Iterable[str]) -> Chart:
    """One bar per distinct value, most frequent first (ties by name)."""
    tally = Counter(values)
    return bar_chart(sorted(tally.items(), key=lambda item: (-item[1], item[0])))


def histogram(values: Sequence[float], edges: Sequence[float]) -> Chart:
    """How many values fall in each bin `[edges[i], edges[i+1])` (the last bin is closed)."""
    bins = [0] * (len(edges) - 1)
    for value in values:
        for i in range(len(bins)):
            last = i == len(bins) - 1
            if edges[i] <= value < edges[i + 1] or (last and value == edges[-1]):
                bins[i] += 1
                break
    labels = [f"{edges[i]:g}–{edges[i + 1]:g}" for i in range(len(bins))]
    return bar_chart(zip(labels, map(float, bins), strict=True))
