"""When a judge withdraws or a late conflict appears, only the affected pairs move."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review.domain.assignment import (
    AssignmentProblem,
    JudgeCapacity,
    SubmissionNeed,
    propose,
    reassign,
)


def panel(judges: int = 6, submissions: int = 10, reviews: int = 3) -> AssignmentProblem:
    return AssignmentProblem(
        judges=tuple(
            JudgeCapacity(f"j{i}", 0, 8, frozenset({"mobility"}), frozenset({"en"}))
            for i in range(judges)
        ),
        submissions=tuple(
            SubmissionNeed(f"s{i}", frozenset({"mobility"}), "en", reviews)
            for i in range(submissions)
        ),
        conflicts=frozenset(),
        seed=3,
    )


def test_a_withdrawn_judges_reviews_go_to_others_and_nothing_else_moves() -> None:
    problem = panel()
    before = propose(problem)
    after = reassign(problem, before.pairs, withdrawn_judges=frozenset({"j2"}))
    untouched = {p for p in before.pairs if p[0] != "j2"}
    assert untouched <= set(after.pairs)
    assert all(judge != "j2" for judge, _ in after.pairs)
    assert after.complete
    assert after.valid
    assert "j2" not in after.loads


def test_a_late_conflict_moves_only_that_pair() -> None:
    problem = panel()
    before = propose(problem)
    late = before.pairs[0]
    after = reassign(problem, before.pairs, new_conflicts=frozenset({late}))
    assert late not in after.pairs
    assert set(before.pairs) - set(after.pairs) == {late}
    assert len(after.pairs) == len(before.pairs)
    assert after.valid


def test_a_withdrawal_that_leaves_too_few_judges_is_reported() -> None:
    problem = panel(judges=3, submissions=2)
    before = propose(problem)
    after = reassign(problem, before.pairs, withdrawn_judges=frozenset({"j0"}))
    assert not after.complete
    assert {u.reason for u in after.uncovered} == {"only 2 judges without a conflict in the pool"}
    assert set(after.pairs) == {p for p in before.pairs if p[0] != "j0"}


@settings(max_examples=40, deadline=None)
@given(
    judges=st.integers(3, 7),
    submissions=st.integers(1, 10),
    withdrawn=st.sets(st.integers(0, 6), max_size=2),
    late=st.sets(st.integers(0, 60), max_size=3),
)
def test_reassignment_keeps_every_unaffected_pair(
    judges: int, submissions: int, withdrawn: set[int], late: set[int]
) -> None:
    problem = panel(judges, submissions, reviews=2)
    before = propose(problem)
    gone = frozenset(f"j{i}" for i in withdrawn)
    conflicts = frozenset(before.pairs[i] for i in late if i < len(before.pairs))
    after = reassign(problem, before.pairs, withdrawn_judges=gone, new_conflicts=conflicts)
    affected = {p for p in before.pairs if p[0] in gone or p in conflicts}
    assert set(before.pairs) - affected <= set(after.pairs)
    assert not set(after.pairs) & (affected | conflicts)
    assert after.valid
