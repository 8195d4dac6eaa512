"""Each judge's scores before and after normalisation, as histograms: a harsh judge's marks
sit low and a lenient judge's high, while their z-scores line up (`method.normalised`).

A review's score is the mean of its criterion scores (as archive's provisional leaderboard
reads it); a judge's z-score of a review is `(score - mean) / spread` over that judge's own
reviews, with the population standard deviation (as review's calibration); a judge whose
reviews are all equal expresses no preference and reads 0. Source of the rule: review's
`domain/calibration_z.py` and docs/review.md ("Calibration, finalists, results"); review
scores the rubric's weighted total, so on unequal weights its z-scores differ slightly."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from console.views.charts import Chart, histogram

Z_EDGES = (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0)


@dataclass(frozen=True)
class JudgeDistribution:
    judge_id: str
    reviews: int
    mean: float
    spread: float
    raw: Chart
    normalised: Chart


def review_scores(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[float]]:
    """Judge id → the score of each of their reviews (latest revision), from archive rows."""
    by_judge: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        for review in row.get("scores") or ():
            marks = [float(v) for v in (review.get("scores") or {}).values()]
            if marks:
                by_judge[str(review["judge_id"])].append(statistics.fmean(marks))
    return dict(by_judge)


def _z(values: list[float]) -> tuple[float, float, list[float]]:
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values)
    # Beyond the last edge a z-score is drawn in the outermost bin: the table says how many.
    clipped = [
        max(Z_EDGES[0], min(Z_EDGES[-1], (v - mean) / spread)) if spread else 0.0 for v in values
    ]
    return mean, spread, clipped


def distributions(rows: Iterable[Mapping[str, Any]]) -> list[JudgeDistribution]:
    """One per judge with reviews, by judge id; raw bins are whole points of the scale."""
    scores = review_scores(rows)
    every = [value for values in scores.values() for value in values]
    if not every:
        return []
    low, high = math.floor(min(every)), math.floor(max(every))
    edges = [float(edge) for edge in range(low, high + 2)]
    found = []
    for judge_id, values in sorted(scores.items()):
        mean, spread, z = _z(values)
        found.append(
            JudgeDistribution(
                judge_id, len(values), mean, spread, histogram(values, edges), histogram(z, Z_EDGES)
            )
        )
    return found
