"""Ties (issue 16): equal aggregates share a rank, a tie at the finalists' cut is never
broken by the submission id, and the stability check counts ties."""

from __future__ import annotations

from review.domain.calibration import (
    SubmissionEvaluation,
    places,
    rank,
    rank_stability,
    tie_groups,
    tied_at_cut,
)


def evaluation(sid: str, raw: float, normalised: float, median: float | None = None):
    return SubmissionEvaluation(sid, raw, raw if median is None else median, normalised, 3, 0.1, ())


def placed(evaluations: dict[str, SubmissionEvaluation], method="normalised", tie_break=()):
    ranking = rank(evaluations, dict.fromkeys(evaluations, "cat"), method, tie_break)["cat"]
    return places(evaluations, ranking, method, tie_break)


def by_id(*evaluations: SubmissionEvaluation) -> dict[str, SubmissionEvaluation]:
    return {e.submission_id: e for e in evaluations}


def test_two_submissions_with_identical_scores_share_first_place():
    twins = by_id(evaluation("s-b", 7.0, 0.5), evaluation("s-a", 7.0, 0.5))
    assert placed(twins) == [("s-a", 1), ("s-b", 1)]


def test_three_way_tie_shares_a_rank_and_the_next_is_fourth():
    four = by_id(
        evaluation("s-1", 8.0, 0.9),
        evaluation("s-2", 8.0, 0.9),
        evaluation("s-3", 8.0, 0.9),
        evaluation("s-4", 6.0, -1.0),
    )
    assert [r for _, r in placed(four)] == [1, 1, 1, 4]
    assert tie_groups(placed(four)) == (("s-1", "s-2", "s-3"),)


def test_float_noise_is_not_a_difference():
    noisy = by_id(evaluation("s-a", 7.0, 0.1 + 0.2), evaluation("s-b", 7.0, 0.3))
    assert [r for _, r in placed(noisy)] == [1, 1]


def test_a_different_raw_mean_does_not_silently_break_an_equal_normalised_score():
    # Before issue 16 the other methods decided quietly; only a named rule may.
    equal = by_id(evaluation("s-a", 6.0, 0.5), evaluation("s-b", 8.0, 0.5))
    assert placed(equal) == [("s-a", 1), ("s-b", 1)]
    assert placed(equal, tie_break=("raw_mean",)) == [("s-b", 1), ("s-a", 2)]


def test_a_tie_at_the_cut_names_every_submission_sharing_the_last_place():
    three = by_id(
        evaluation("s-1", 9.0, 1.2), evaluation("s-2", 8.0, 0.4), evaluation("s-3", 8.0, 0.4)
    )
    assert tied_at_cut(placed(three), 2) == ("s-2", "s-3")
    assert tied_at_cut(placed(three), 1) == ()
    assert tied_at_cut(placed(three), 3) == ()


def test_the_stability_check_counts_ties_and_a_tie_at_the_cut_is_not_stable():
    twins = by_id(evaluation("s-a", 7.0, 0.5), evaluation("s-b", 7.0, 0.5))
    report = rank_stability(twins, dict.fromkeys(twins, "cat"), top_k=1)["cat"]
    assert not report.stable
    assert not report.order_stable
    assert report.tied == {"raw_mean": 2, "median": 2, "normalised": 2}
    assert report.tied_at_cut["normalised"] == ("s-a", "s-b")


def test_a_tie_inside_the_finalists_leaves_the_cut_stable():
    three = by_id(
        evaluation("s-1", 9.0, 1.0), evaluation("s-2", 9.0, 1.0), evaluation("s-3", 5.0, -1.0)
    )
    report = rank_stability(three, dict.fromkeys(three, "cat"), top_k=2)["cat"]
    assert report.stable
    assert report.tied["normalised"] == 2
    assert report.tied_at_cut["normalised"] == ()


def test_a_tie_break_rule_that_separates_the_tie_makes_the_cut_stable_again():
    twins = by_id(evaluation("s-a", 7.0, 0.5, median=6.0), evaluation("s-b", 7.0, 0.5, median=8.0))
    report = rank_stability(twins, dict.fromkeys(twins, "cat"), 1, ("median",))["cat"]
    assert report.tied["normalised"] == 0
    assert report.top["normalised"] == ("s-b",)
    assert report.stable
