"""Property-based tests of the assignment solver on small random instances.

Coverage and balance are checked against OR-Tools' plain max-flow, built here independently
of the solver: what is the most that can be covered, and can loads differ by at most one.
"""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.graph.python import max_flow

from review.domain.assignment import (
    AssignmentProblem,
    AssignmentProposal,
    JudgeCapacity,
    SubmissionNeed,
    greedy,
    propose,
)

SECTORS = ("energy", "health", "mobility", "safety", "water")
EXAMPLES = settings(max_examples=60, deadline=None)


@st.composite
def problems(draw: st.DrawFn, uniform_loads: bool = False) -> AssignmentProblem:
    n_judges = draw(st.integers(1, 7))
    n_subs = draw(st.integers(0, 12))
    top = draw(st.integers(0, 7))
    judges = tuple(
        JudgeCapacity(
            judge_id=f"j{i}",
            min_load=0 if uniform_loads else draw(st.integers(0, 3)),
            max_load=top if uniform_loads else draw(st.integers(0, 7)),
            expertise=frozenset(draw(st.sets(st.sampled_from(SECTORS), max_size=3))),
            languages=frozenset(draw(st.sets(st.sampled_from(("en", "ko")), min_size=1))),
        )
        for i in range(n_judges)
    )
    subs = tuple(
        SubmissionNeed(
            submission_id=f"s{i}",
            sectors=frozenset(draw(st.sets(st.sampled_from(SECTORS), min_size=1, max_size=2))),
            language=draw(st.sampled_from(("en", "ko"))),
            reviews=draw(st.integers(1, 3)),
        )
        for i in range(n_subs)
    )
    every_pair = [(j.judge_id, s.submission_id) for j in judges for s in subs]
    rate = draw(st.sampled_from((0.0, 0.02, 0.1, 0.3)))
    rng = random.Random(draw(st.integers(0, 2**16)))
    conflicts = frozenset(p for p in every_pair if rng.random() < rate)
    return AssignmentProblem(judges, subs, conflicts, seed=draw(st.integers(0, 1000)))


def most_coverable(problem: AssignmentProblem, load_caps: dict[str, int] | None = None) -> int:
    """The largest number of reviews any valid assignment can give (plain max-flow)."""
    graph = max_flow.SimpleMaxFlow()
    subs = {s.submission_id: 2 + i for i, s in enumerate(problem.submissions)}
    judges = {j.judge_id: 2 + len(subs) + i for i, j in enumerate(problem.judges)}
    for s in problem.submissions:
        graph.add_arc_with_capacity(0, subs[s.submission_id], s.reviews)
    for j in problem.judges:
        cap = j.max_load if load_caps is None else load_caps[j.judge_id]
        graph.add_arc_with_capacity(judges[j.judge_id], 1, cap)
        for s in problem.submissions:
            if (j.judge_id, s.submission_id) not in problem.conflicts:
                graph.add_arc_with_capacity(judges[j.judge_id], subs[s.submission_id], 0)
                graph.add_arc_with_capacity(subs[s.submission_id], judges[j.judge_id], 1)
    assert graph.solve(0, 1) == graph.OPTIMAL
    return int(graph.optimal_flow())


def balance_feasible(problem: AssignmentProblem, total: int) -> bool:
    """Whether `total` reviews fit with every load floor(total/n) or one more.

    A flow that fills every judge to the floor grows into one of the full total without
    lowering any load, so two max-flows decide it.
    """
    n = len(problem.judges)
    floor = total // n
    if any(j.max_load < floor for j in problem.judges):
        return False
    at_floor = {j.judge_id: floor for j in problem.judges}
    above = {j.judge_id: min(floor + 1, j.max_load) for j in problem.judges}
    return (
        most_coverable(problem, at_floor) == n * floor and most_coverable(problem, above) == total
    )


def shortfall(problem: AssignmentProblem, proposal: AssignmentProposal) -> int:
    return sum(
        max(0, min(j.min_load, j.max_load) - proposal.loads[j.judge_id]) for j in problem.judges
    )


def balance_cost(proposal: AssignmentProposal) -> int:
    return sum(n * (n + 1) // 2 for n in proposal.loads.values())


@EXAMPLES
@given(problems())
def test_every_proposal_respects_conflicts_loads_and_reviews(problem: AssignmentProblem) -> None:
    proposal = propose(problem)
    assert proposal.valid, proposal.proof.checks
    assert not set(proposal.pairs) & problem.conflicts
    limits = {j.judge_id: j.max_load for j in problem.judges}
    assert all(load <= limits[j] for j, load in proposal.loads.items())


@EXAMPLES
@given(problems())
def test_every_review_that_can_be_covered_is_covered(problem: AssignmentProblem) -> None:
    proposal = propose(problem)
    possible = most_coverable(problem)
    assert len(proposal.pairs) == possible
    assert proposal.complete == (possible == sum(s.reviews for s in problem.submissions))


@EXAMPLES
@given(problems())
def test_a_short_proposal_names_each_uncovered_submission_and_why(problem: AssignmentProblem):
    proposal = propose(problem)
    got = {s.submission_id: 0 for s in problem.submissions}
    for _, submission in proposal.pairs:
        got[submission] += 1
    short = {
        s.submission_id: s.reviews for s in problem.submissions if got[s.submission_id] < s.reviews
    }
    assert {u.submission_id for u in proposal.uncovered} == set(short)
    for u in proposal.uncovered:
        assert (u.needed, u.assigned) == (short[u.submission_id], got[u.submission_id])
        assert "without a conflict" in u.reason or "maximum loads exhausted" in u.reason


@EXAMPLES
@given(problems(), st.randoms(use_true_random=False))
def test_the_same_seed_gives_the_same_assignment(problem: AssignmentProblem, rng: random.Random):
    shuffled = AssignmentProblem(
        judges=tuple(rng.sample(problem.judges, len(problem.judges))),
        submissions=tuple(rng.sample(problem.submissions, len(problem.submissions))),
        conflicts=problem.conflicts,
        seed=problem.seed,
    )
    first, again, reordered = propose(problem), propose(problem), propose(shuffled)
    assert first == again
    assert first.pairs == reordered.pairs
    assert first.proof.input_hash == reordered.proof.input_hash


@EXAMPLES
@given(problems(uniform_loads=True))
def test_loads_differ_by_at_most_one_whenever_capacities_allow(problem: AssignmentProblem):
    proposal = propose(problem)
    if problem.judges and balance_feasible(problem, len(proposal.pairs)):
        assert proposal.spread <= 1, proposal.loads


@EXAMPLES
@given(problems(uniform_loads=True))
def test_flow_affinity_is_at_least_greedys_when_greedy_is_as_balanced(problem: AssignmentProblem):
    flow, baseline = propose(problem), greedy(problem)
    assert len(flow.pairs) >= len(baseline.pairs)
    if len(flow.pairs) == len(baseline.pairs) and baseline.spread <= 1:
        assert flow.total_affinity >= baseline.total_affinity


@EXAMPLES
@given(problems())
def test_flow_is_never_worse_than_greedy_in_priority_order(problem: AssignmentProblem) -> None:
    """Coverage, then minimum loads, then balance, then affinity: greedy never wins overall."""
    flow, baseline = propose(problem), greedy(problem)

    def merit(p: AssignmentProposal) -> tuple[int, ...]:
        return (-len(p.pairs), shortfall(problem, p), balance_cost(p), -p.total_affinity)

    assert merit(flow) <= merit(baseline)
    if len(flow.pairs) == len(baseline.pairs):
        assert flow.proof.objective <= baseline.proof.objective


def test_flow_beats_greedy_affinity_on_a_mid_sized_random_instance() -> None:
    rng = np.random.default_rng(4)
    judges = tuple(
        JudgeCapacity(
            f"j{i:02d}", 0, 60, frozenset(rng.choice(SECTORS, 2, replace=False)), frozenset({"en"})
        )
        for i in range(16)
    )
    subs = tuple(
        SubmissionNeed(f"s{i:03d}", frozenset({str(rng.choice(SECTORS))}), "en", 3)
        for i in range(209)
    )
    problem = AssignmentProblem(judges, subs, frozenset({("j00", "s000"), ("j01", "s001")}))
    flow, baseline = propose(problem), greedy(problem)
    assert flow.complete
    assert baseline.complete
    assert flow.spread <= 1
    assert flow.total_affinity > baseline.total_affinity
