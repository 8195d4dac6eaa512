"""Score calibration: raw mean, median and per-judge z-scores, with moderation flags.

    from review.domain.calibration import Rating, evaluate, outlier_reviews, rank, weighted_total

    total = weighted_total({"impact": 8, "feasibility": 6}, {"impact": 0.6, "feasibility": 0.4})
    ratings = [Rating("judge-a", "sub-1", total), ...]
    evaluations = evaluate(ratings)                  # {submission_id: SubmissionEvaluation}
    outlier_reviews(ratings)                         # reviews with |z| > outlier_z
    rank(evaluations, groups={"sub-1": "cat-a"}, method="normalised")   # review.calibration_rank

A harsh judge's 5 and a lenient judge's 8 can mean the same, so each review becomes a z-score
(see review.domain.calibration_z). Per submission: `raw_mean` and `median` of the scores,
`normalised` the mean z, `normalised_on_scale` that mean mapped back onto the contest's scale
(round mean + z · round spread) for display, `disagreement` the spread of its z-scores.
Flags: "outlier_review" (a review with |z| > outlier_z), "strong_disagreement" (disagreement
> disagreement_threshold), "uncalibrated_review" (a judge with too few ratings for a z).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from review.domain.calibration_rank import (
    Method,
    MethodComparison,
    StabilityReport,
    places,
    rank,
    rank_stability,
    tie_groups,
    tied_at_cut,
)
from review.domain.calibration_z import (
    DEFAULT_PARAMETERS,
    CalibrationParameters,
    Rating,
    ReviewZ,
    latest_ratings,
    outlier_reviews,
    review_z_scores,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "CalibrationParameters",
    "Method",
    "MethodComparison",
    "Rating",
    "ReviewZ",
    "StabilityReport",
    "SubmissionEvaluation",
    "evaluate",
    "outlier_reviews",
    "places",
    "rank",
    "rank_stability",
    "review_z_scores",
    "tie_groups",
    "tied_at_cut",
    "weighted_total",
]


@dataclass(frozen=True)
class SubmissionEvaluation:
    submission_id: str
    raw_mean: float
    median: float
    normalised: float  # mean of per-judge z-scores
    ratings: int
    disagreement: float  # population std of the z-scores of its reviews
    flags: tuple[str, ...]  # "outlier_review", "strong_disagreement", "uncalibrated_review"
    normalised_on_scale: float = 0.0


def weighted_total(scores: dict[str, float], weights: dict[str, float]) -> float:
    """Σ weight·score / Σ weight over the criteria; no weights means equal weights."""
    weights = weights or dict.fromkeys(scores, 1.0)
    if set(scores) != set(weights):
        raise ValueError(f"scores and weights name different criteria: {sorted(scores)}")
    if not weights or sum(weights.values()) <= 0:
        raise ValueError("weights must be positive")
    return sum(scores[c] * w for c, w in weights.items()) / sum(weights.values())


def evaluate(
    ratings: Iterable[Rating], parameters: CalibrationParameters = DEFAULT_PARAMETERS
) -> dict[str, SubmissionEvaluation]:
    latest = latest_ratings(ratings)
    reviews = review_z_scores(latest, parameters)
    every = [r.score for r in latest]
    round_mean = statistics.fmean(every) if every else 0.0
    round_spread = statistics.pstdev(every) if every else 0.0
    per_submission: defaultdict[str, list[ReviewZ]] = defaultdict(list)
    for review in reviews.values():
        per_submission[review.submission_id].append(review)
    evaluations = {}
    for submission_id in sorted(per_submission):
        own = per_submission[submission_id]
        scores, zs = [r.score for r in own], [r.z for r in own]
        normalised = statistics.fmean(zs)
        disagreement = statistics.pstdev(zs)
        flags = tuple(
            flag
            for flag, raised in (
                ("outlier_review", any(r.outlier for r in own)),
                ("strong_disagreement", disagreement > parameters.disagreement_threshold),
                ("uncalibrated_review", not all(r.calibrated for r in own)),
            )
            if raised
        )
        evaluations[submission_id] = SubmissionEvaluation(
            submission_id=submission_id,
            raw_mean=statistics.fmean(scores),
            median=statistics.median(scores),
            normalised=normalised,
            ratings=len(own),
            disagreement=disagreement,
            flags=flags,
            normalised_on_scale=round_mean + normalised * round_spread,
        )
    return evaluations
