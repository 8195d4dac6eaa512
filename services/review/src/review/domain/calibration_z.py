"""Per-review z-scores: each rating against its judge's own ratings, or the whole round's.

    reviews = review_z_scores(ratings)     # {(judge_id, submission_id): ReviewZ}
    outlier_reviews(ratings)               # the reviews with |z| > outlier_z, for moderation

A judge with at least `min_ratings_for_z` ratings is read against their own mean and spread,
so a harsh 5 and a lenient 8 can both mean "average" (a judge who gave every submission the
same score expresses no preference: z = 0); a judge with fewer ratings is read against every
rating of the round. A repeated (judge, submission) rating replaces the
earlier one, so a redelivered score counts once. Standard deviations are population ones.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rating:
    judge_id: str
    submission_id: str
    score: float  # the weighted total on the contest scale


@dataclass(frozen=True)
class CalibrationParameters:
    min_ratings_for_z: int = 3
    outlier_z: float = 2.0
    disagreement_threshold: float = 1.0  # in z units: judges a full standard deviation apart


DEFAULT_PARAMETERS = CalibrationParameters()


@dataclass(frozen=True)
class ReviewZ:
    judge_id: str
    submission_id: str
    score: float
    z: float
    calibrated: bool  # against the judge's own ratings (else against the whole round)
    outlier: bool


def latest_ratings(ratings: Iterable[Rating]) -> list[Rating]:
    """One rating per (judge, submission): the last one given."""
    return list({(r.judge_id, r.submission_id): r for r in ratings}.values())


def _standardise(value: float, mean: float, spread: float) -> float:
    return (value - mean) / spread if spread > 0 else 0.0


def review_z_scores(
    ratings: Iterable[Rating], parameters: CalibrationParameters = DEFAULT_PARAMETERS
) -> dict[tuple[str, str], ReviewZ]:
    """Per (judge_id, submission_id) the review's z-score and whether it is an outlier."""
    latest = latest_ratings(ratings)
    if not latest:
        return {}
    by_judge: defaultdict[str, list[float]] = defaultdict(list)
    for r in latest:
        by_judge[r.judge_id].append(r.score)
    every = [r.score for r in latest]
    round_mean, round_spread = statistics.fmean(every), statistics.pstdev(every)
    result = {}
    for r in latest:
        own = by_judge[r.judge_id]
        calibrated = len(own) >= parameters.min_ratings_for_z
        if calibrated:
            z = _standardise(r.score, statistics.fmean(own), statistics.pstdev(own))
        else:
            z = _standardise(r.score, round_mean, round_spread)
        outlier = abs(z) > parameters.outlier_z
        result[(r.judge_id, r.submission_id)] = ReviewZ(
            r.judge_id, r.submission_id, r.score, z, calibrated, outlier
        )
    return result


def outlier_reviews(
    ratings: Iterable[Rating], parameters: CalibrationParameters = DEFAULT_PARAMETERS
) -> tuple[ReviewZ, ...]:
    """Reviews with |z| > outlier_z, sorted by submission then judge: for moderation."""
    reviews = review_z_scores(ratings, parameters).values()
    return tuple(
        sorted((r for r in reviews if r.outlier), key=lambda r: (r.submission_id, r.judge_id))
    )
