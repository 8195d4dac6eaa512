"""Minimum loads that cannot be met are reported beside uncovered submissions, with the reason."""

from __future__ import annotations

from review.domain.assignment import AssignmentProblem, JudgeCapacity, SubmissionNeed, propose


def judge(judge_id: str, min_load: int, max_load: int = 10) -> JudgeCapacity:
    return JudgeCapacity(judge_id, min_load, max_load, frozenset(), frozenset({"en"}))


def need(submission_id: str, reviews: int) -> SubmissionNeed:
    return SubmissionNeed(submission_id, frozenset({"mobility"}), "en", reviews)


def test_three_judges_with_minimum_five_when_six_reviews_are_needed_are_all_reported():
    problem = AssignmentProblem(
        judges=(judge("a", 5), judge("b", 5), judge("c", 5)),
        submissions=(need("s1", 3), need("s2", 3)),
        conflicts=frozenset(),
    )
    proposal = propose(problem)
    assert proposal.complete, "every review is still covered"
    assert [(m.judge_id, m.minimum, m.assigned) for m in proposal.unmet_minimums] == [
        ("a", 5, 2),
        ("b", 5, 2),
        ("c", 5, 2),
    ]
    assert {m.reason for m in proposal.unmet_minimums} == {
        "the pool's minimum loads add up to 15, but the round needs only 6 reviews"
    }


def test_a_judge_conflicted_with_most_submissions_is_short_for_that_reason():
    subs = tuple(need(f"s{n}", 1) for n in range(6))
    problem = AssignmentProblem(
        judges=(judge("a", 3), judge("b", 0)),
        submissions=subs,
        conflicts=frozenset(("a", f"s{n}") for n in range(2, 6)),
    )
    (short,) = propose(problem).unmet_minimums
    assert (short.judge_id, short.assigned) == ("a", 2)
    assert short.reason == "only 2 submissions without a conflict for this judge"


def test_a_minimum_above_the_maximum_is_reported_as_such():
    problem = AssignmentProblem(
        judges=(judge("a", 4, max_load=2), judge("b", 0)),
        submissions=tuple(need(f"s{n}", 1) for n in range(4)),
        conflicts=frozenset(),
    )
    (short,) = propose(problem).unmet_minimums
    assert short.reason == "minimum load 4 is above the judge's maximum 2"


def test_minimums_that_can_be_met_are_met_and_nothing_is_reported():
    problem = AssignmentProblem(
        judges=(judge("a", 3), judge("b", 1), judge("c", 0)),
        submissions=tuple(need(f"s{n}", 1) for n in range(6)),
        conflicts=frozenset(),
    )
    proposal = propose(problem)
    assert proposal.loads["a"] >= 3
    assert proposal.unmet_minimums == ()
