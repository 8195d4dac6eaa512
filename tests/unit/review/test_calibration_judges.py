"""Calibration against harsh and lenient judges, and the flags raised for moderation.

The synthetic panel: 16 submissions of known quality 1..16 and three pairs of judges; each
submission is read by one judge of every pair. Within a pair the two judges split the
submissions into halves with the same mean and spread of quality, so per-judge z-scores
recover quality exactly, whatever each judge's severity.
"""

from __future__ import annotations

import pytest

from review.domain.calibration import (
    CalibrationParameters,
    Rating,
    evaluate,
    outlier_reviews,
    rank,
    weighted_total,
)

HALVES = (
    frozenset({1, 2, 7, 8, 11, 12, 13, 14}),
    frozenset({1, 3, 6, 8, 10, 12, 13, 15}),
    frozenset({1, 4, 5, 8, 10, 11, 14, 15}),
)
TRUE_ORDER = [f"s{q:02d}" for q in range(16, 0, -1)]


def fair(quality: int) -> float:
    return 2 + 0.45 * quality  # on a 1-10 scale


def severity(judge: str, score: float) -> float:
    return {"harsh": score - 1.4, "lenient": score + 0.8, "narrow": 0.6 * score + 2.5}.get(
        judge, score
    )


def panel_ratings() -> list[Rating]:
    judges = (("harsh", "lenient"), ("fair-1", "fair-2"), ("narrow", "fair-3"))
    ratings = []
    for quality in range(1, 17):
        for half, (inside, outside) in zip(HALVES, judges, strict=True):
            judge = inside if quality in half else outside
            ratings.append(
                Rating(judge, f"s{quality:02d}", round(severity(judge, fair(quality)), 4))
            )
    return ratings


def test_normalised_ranking_recovers_the_true_order_where_the_raw_mean_does_not() -> None:
    evaluations = evaluate(panel_ratings())
    groups = dict.fromkeys(evaluations, "all")
    assert rank(evaluations, groups, "normalised")["all"] == TRUE_ORDER
    raw = rank(evaluations, groups, "raw_mean")["all"]
    assert raw != TRUE_ORDER
    assert raw.index("s06") < raw.index("s07")  # the lenient judge lifts s06 above s07


def test_every_rating_counts_once_even_when_a_score_is_redelivered() -> None:
    ratings = [*panel_ratings(), Rating("harsh", "s01", 1.0), Rating("harsh", "s01", 1.0)]
    evaluation = evaluate(ratings)["s01"]
    assert evaluation.ratings == 3


def test_a_judge_with_too_few_ratings_is_read_against_the_whole_round() -> None:
    ratings = [*panel_ratings(), Rating("newcomer", "s16", 9.9)]
    evaluation = evaluate(ratings)["s16"]
    assert "uncalibrated_review" in evaluation.flags
    assert evaluation.ratings == 4


def test_a_review_far_from_its_judges_usual_scores_is_flagged_as_an_outlier() -> None:
    ratings = [Rating("steady", f"s{i}", 5.0) for i in range(9)] + [Rating("steady", "s9", 10.0)]
    ratings += [Rating("other", f"s{i}", 4.0 + i % 3) for i in range(10)]
    (outlier,) = outlier_reviews(ratings)
    assert (outlier.judge_id, outlier.submission_id) == ("steady", "s9")
    assert outlier.z == pytest.approx(3.0)
    assert "outlier_review" in evaluate(ratings)["s9"].flags


def test_judges_who_strongly_disagree_flag_the_submission() -> None:
    ratings = [Rating("a", f"s{i}", float(i)) for i in range(1, 8)]
    ratings += [Rating("b", f"s{i}", float(8 - i)) for i in range(1, 8)]
    evaluations = evaluate(ratings, CalibrationParameters(disagreement_threshold=1.0))
    assert "strong_disagreement" in evaluations["s1"].flags
    assert "strong_disagreement" not in evaluations["s4"].flags
    assert evaluations["s4"].disagreement == pytest.approx(0.0)


def test_weighted_total_stays_on_the_contest_scale() -> None:
    assert weighted_total({"a": 8, "b": 4}, {"a": 0.75, "b": 0.25}) == pytest.approx(7.0)
    assert weighted_total({"a": 8, "b": 4}, {}) == pytest.approx(6.0)
    with pytest.raises(ValueError, match="different criteria"):
        weighted_total({"a": 8}, {"a": 0.5, "b": 0.5})
