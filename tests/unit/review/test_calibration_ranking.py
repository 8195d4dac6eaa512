"""Rankings per group with a deterministic tie-break, and whether the top places are stable."""

from __future__ import annotations

from review.domain.calibration import SubmissionEvaluation, rank, rank_stability


def evaluation(submission_id: str, raw: float, normalised: float) -> SubmissionEvaluation:
    return SubmissionEvaluation(submission_id, raw, raw, normalised, 3, 0.1, ())


EVALUATIONS = {
    e.submission_id: e
    for e in (
        evaluation("a1", 8.0, 0.2),
        evaluation("a2", 7.0, 1.1),
        evaluation("a3", 6.0, 0.9),
        evaluation("a4", 5.0, -1.0),
        evaluation("b1", 9.0, 1.0),
        evaluation("b2", 9.0, 1.0),
    )
}
GROUPS = {"a1": "cat-a", "a2": "cat-a", "a3": "cat-a", "a4": "cat-a", "b1": "cat-b", "b2": "cat-b"}


def test_each_group_is_ranked_on_its_own() -> None:
    ranking = rank(EVALUATIONS, GROUPS, "raw_mean")
    assert ranking == {"cat-a": ["a1", "a2", "a3", "a4"], "cat-b": ["b1", "b2"]}
    assert rank(EVALUATIONS, GROUPS, "normalised")["cat-a"] == ["a2", "a3", "a1", "a4"]


def test_ties_are_broken_the_same_way_whatever_the_input_order() -> None:
    reversed_input = dict(reversed(EVALUATIONS.items()))
    assert rank(reversed_input, GROUPS, "median")["cat-b"] == ["b1", "b2"]


def test_an_overall_ranking_is_one_group_of_everything() -> None:
    overall = rank(EVALUATIONS, dict.fromkeys(EVALUATIONS, "overall"), "raw_mean")["overall"]
    assert overall[:2] == ["b1", "b2"]


def test_stability_reports_which_submissions_enter_and_leave_the_top_places() -> None:
    reports = rank_stability(EVALUATIONS, GROUPS, top_k=2)
    a = reports["cat-a"]
    assert not a.stable
    assert a.top["raw_mean"] == ("a1", "a2")
    assert a.top["normalised"] == ("a2", "a3")
    raw_vs_normalised = next(c for c in a.comparisons if c.methods == ("raw_mean", "normalised"))
    assert raw_vs_normalised.entered == ("a3",)
    assert raw_vs_normalised.left == ("a1",)
    assert raw_vs_normalised.overlap == 0.5
    assert -1.0 <= raw_vs_normalised.kendall_tau < 1.0
    assert reports["cat-b"].stable
    assert reports["cat-b"].order_stable
