"""What a proposal tells staff: uncovered submissions with reasons, loads, and its proof."""

from __future__ import annotations

import hashlib

import pytest

from review.domain.assignment import (
    AssignmentProblem,
    JudgeCapacity,
    SubmissionNeed,
    check,
    greedy,
    propose,
)
from review.domain.assignment_hash import canonical_json


def judge(
    judge_id: str, max_load: int = 10, min_load: int = 0, expertise: str = ""
) -> JudgeCapacity:
    return JudgeCapacity(
        judge_id, min_load, max_load, frozenset(expertise.split()), frozenset({"en"})
    )


def need(submission_id: str, reviews: int = 3, sector: str = "mobility") -> SubmissionNeed:
    return SubmissionNeed(submission_id, frozenset({sector}), "en", reviews)


def test_a_submission_with_too_few_unconflicted_judges_is_reported_not_half_assigned() -> None:
    problem = AssignmentProblem(
        judges=(judge("a"), judge("b"), judge("c"), judge("d")),
        submissions=(need("s1"), need("s2")),
        conflicts=frozenset({("a", "s1"), ("b", "s1")}),
    )
    proposal = propose(problem)
    assert not proposal.complete
    (uncovered,) = proposal.uncovered
    assert (uncovered.submission_id, uncovered.needed, uncovered.assigned) == ("s1", 3, 2)
    assert uncovered.reason == "only 2 judges without a conflict in the pool"
    assert proposal.valid  # what was assigned still respects every constraint


def test_exhausted_maximum_loads_name_every_uncovered_submission() -> None:
    problem = AssignmentProblem(
        judges=(judge("a", max_load=2), judge("b", max_load=2)),
        submissions=(need("s1", 2), need("s2", 2), need("s3", 2)),
        conflicts=frozenset(),
    )
    proposal = propose(problem)
    assert len(proposal.pairs) == 4
    assert proposal.loads == {"a": 2, "b": 2}
    assert [u.reason for u in proposal.uncovered] == [
        "judges' maximum loads exhausted: the pool takes 4 of 6 reviews"
    ] * len(proposal.uncovered)
    assert sum(u.needed - u.assigned for u in proposal.uncovered) == 2


def test_an_empty_pool_reports_that_no_judge_is_available() -> None:
    proposal = propose(AssignmentProblem((), (need("s1", 1),), frozenset()))
    assert proposal.uncovered[0].reason == "no judge without a conflict in the pool"


def test_minimum_loads_are_met_before_loads_are_balanced() -> None:
    problem = AssignmentProblem(
        judges=(judge("a", min_load=4), judge("b"), judge("c")),
        submissions=tuple(need(f"s{i}", 1) for i in range(6)),
        conflicts=frozenset(),
    )
    assert propose(problem).loads == {"a": 4, "b": 1, "c": 1}


def test_expertise_decides_between_equally_loaded_judges() -> None:
    problem = AssignmentProblem(
        judges=(judge("novice"), judge("expert", expertise="water")),
        submissions=(need("s1", 1, "water"), need("s2", 1, "energy")),
        conflicts=frozenset(),
    )
    proposal = propose(problem)
    assert ("expert", "s1") in proposal.pairs
    assert proposal.affinity[("expert", "s1")] > 0


def test_the_proof_records_solver_seed_input_hash_objective_and_every_check() -> None:
    problem = AssignmentProblem((judge("a"), judge("b")), (need("s1", 2),), frozenset(), seed=11)
    proof = propose(problem).proof
    assert proof.solver.startswith("ortools.SimpleMinCostFlow")
    assert proof.seed == 11
    assert proof.input_hash == hashlib.sha256(canonical_json(problem).encode()).hexdigest()
    assert set(proof.checks) >= {
        "known_ids",
        "no_duplicate_pair",
        "no_conflicted_pair",
        "reviews_within_need",
        "loads_within_max",
        "loads_meet_min_when_feasible",
        "fixed_pairs_kept",
    }
    assert all(proof.checks.values())
    assert {"balance_weight", "min_load_bonus", "affinity_per_sector"} <= set(proof.parameters)
    assert greedy(problem).proof.input_hash == proof.input_hash


def test_the_input_hash_changes_with_the_seed() -> None:
    problem = AssignmentProblem((judge("a"),), (need("s1", 1),), frozenset(), seed=1)
    other = AssignmentProblem((judge("a"),), (need("s1", 1),), frozenset(), seed=2)
    assert propose(problem).proof.input_hash != propose(other).proof.input_hash


def test_check_catches_every_kind_of_broken_assignment() -> None:
    problem = AssignmentProblem(
        judges=(judge("a", max_load=1), judge("b", min_load=1)),
        submissions=(need("s1", 1), need("s2", 1)),
        conflicts=frozenset({("b", "s2")}),
    )
    assert not check(problem, [("b", "s2")])["no_conflicted_pair"]
    assert not check(problem, [("a", "s1"), ("a", "s2")])["loads_within_max"]
    assert not check(problem, [("a", "s1"), ("b", "s1")])["reviews_within_need"]
    assert not check(problem, [("a", "s1"), ("a", "s1")])["no_duplicate_pair"]
    assert not check(problem, [("z", "s1")])["known_ids"]
    assert not check(problem, [("a", "s1")])["loads_meet_min_when_feasible"]
    assert all(check(problem, [("a", "s2"), ("b", "s1")]).values())


def test_a_conflicted_fixed_pair_is_refused() -> None:
    problem = AssignmentProblem(
        (judge("a"),), (need("s1", 1),), frozenset({("a", "s1")}), fixed=frozenset({("a", "s1")})
    )
    with pytest.raises(ValueError, match="conflicted"):
        propose(problem)


def test_another_seed_may_pick_another_equally_good_assignment() -> None:
    judges = tuple(judge(f"j{i}") for i in range(5))
    subs = tuple(need(f"s{i}", 2) for i in range(5))
    proposals = [propose(AssignmentProblem(judges, subs, frozenset(), seed=s)) for s in range(8)]
    assert len({p.pairs for p in proposals}) > 1
    assert len({p.proof.objective for p in proposals}) == 1
