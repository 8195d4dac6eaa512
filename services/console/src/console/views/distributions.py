"""Each judge's scores before and after normalisation, as histograms: a harsh judge's marks
sit low and a lenient judge's high, while their z-scores line up (`method.normalised`).

The numbers are review's (`review/domain/calibration.py` and `calibration_z.py`, docs/review.md
"Calibration, finalists, results"), recomputed here from archive's as-judged scores since a
service never imports another: a review's score is its rubric's weighted total
(Σ weight·score / Σ weight, the weights of the submission's category's rubric); its z-score
is `(score - mean) / spread` over the judge's own reviews, population spread, when the judge
has at least `MIN_RATINGS_FOR_Z` of them, else over every review of the round; no spread
(all scores equal) reads 0. `tests/unit/console/test_calibration_agrees.py` holds the two
to the same numbers."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from console.views.charts import Chart, histogram
from contracts.contest import Contest

Z_EDGES = (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0)
MIN_RATINGS_FOR_Z = 3
"""review's `CalibrationParameters.min_ratings_for_z`."""

Weights = Callable[[str], Mapping[str, float]]
"""A submission's category → its rubric's criterion weights; empty for equal weights."""


@dataclass(frozen=True)
class JudgeDistribution:
    judge_id: str
    reviews: int
    mean: float
    spread: float
    raw: Chart
    normalised: Chart


@dataclass(frozen=True)
class ReviewScore:
    judge_id: str
    submission_id: str
    score: float
    z: float


def rubric_weights(contest: Contest | None) -> Weights:
    """The contest's weights per category; equal ones while the contest (or a category of an
    older configuration) is unknown."""

    def weights(category: str) -> Mapping[str, float]:
        if contest is None or category not in {c.slug for c in contest.categories}:
            return {}
        return contest.rubric_for(category).weights()

    return weights


def weighted_total(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ weight·score / Σ weight; weights naming other criteria than the scores' count equal."""
    chosen = weights if set(weights) == set(scores) else dict.fromkeys(scores, 1.0)
    return sum(scores[c] * w for c, w in chosen.items()) / sum(chosen.values())


def review_scores(
    rows: Iterable[Mapping[str, Any]], weights: Weights
) -> list[tuple[str, str, float]]:
    """(judge id, submission id, weighted total) of every scored review in archive's rows."""
    found = []
    for row in rows:
        rubric = weights(str(row.get("category", "")))
        for review in row.get("scores") or ():
            marks = {str(c): float(v) for c, v in (review.get("scores") or {}).items()}
            if marks:
                total = weighted_total(marks, rubric)
                found.append((str(review["judge_id"]), str(row["submission_id"]), total))
    return found


def _standardise(value: float, values: list[float]) -> float:
    spread = statistics.pstdev(values)
    return (value - statistics.fmean(values)) / spread if spread > 0 else 0.0


def z_scores(rows: Iterable[Mapping[str, Any]], weights: Weights) -> list[ReviewScore]:
    """Every review's weighted total and z-score, as review's calibration reads them."""
    scored = review_scores(rows, weights)
    by_judge: dict[str, list[float]] = defaultdict(list)
    for judge_id, _, score in scored:
        by_judge[judge_id].append(score)
    every = [score for _, _, score in scored]

    def reference(judge_id: str) -> list[float]:
        own = by_judge[judge_id]
        return own if len(own) >= MIN_RATINGS_FOR_Z else every

    return [
        ReviewScore(judge_id, submission_id, score, _standardise(score, reference(judge_id)))
        for judge_id, submission_id, score in scored
    ]


def distributions(rows: Iterable[Mapping[str, Any]], weights: Weights) -> list[JudgeDistribution]:
    """One per judge with reviews, by judge id; raw bins are whole points of the scale."""
    reviews = z_scores(rows, weights)
    if not reviews:
        return []
    low = math.floor(min(r.score for r in reviews))
    high = math.floor(max(r.score for r in reviews))
    edges = [float(edge) for edge in range(low, high + 2)]
    by_judge: dict[str, list[ReviewScore]] = defaultdict(list)
    for review in reviews:
        by_judge[review.judge_id].append(review)
    found = []
    for judge_id, own in sorted(by_judge.items()):
        values = [r.score for r in own]
        # Beyond the last edge a z-score is drawn in the outermost bin: the table says how many.
        clipped = [max(Z_EDGES[0], min(Z_EDGES[-1], r.z)) for r in own]
        found.append(
            JudgeDistribution(
                judge_id,
                len(own),
                statistics.fmean(values),
                statistics.pstdev(values),
                histogram(values, edges),
                histogram(clipped, Z_EDGES),
            )
        )
    return found
