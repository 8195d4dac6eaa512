"""Assignment on a sparse candidate graph: the same coverage and balance as the full graph.

The full graph is `propose(problem, candidates_k=len(judges))`; the sparse one starts from a
small k (or the default) and must widen itself until nothing but affinity can differ.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from review.domain.assignment import AssignmentProblem, JudgeCapacity, SubmissionNeed, propose
from review.domain.assignment_flow import solve_flow
from review.domain.assignment_hash import input_hash
from review.domain.assignment_index import build_index

SECTORS = ("energy", "health", "mobility", "safety", "water")


def pool(
    submissions: int, judges: int, seed: int = 11, conflict_rate: float = 0.05
) -> AssignmentProblem:
    rng = np.random.default_rng(seed)
    average = submissions * 3 / judges
    panel = tuple(
        JudgeCapacity(
            f"j{i:03d}",
            int(average * 0.5),
            int(average * 1.25) + 1,
            frozenset(rng.choice(SECTORS, 2, replace=False).tolist()),
            frozenset({"en", "ko"} if i % 3 == 0 else {"en"}),
        )
        for i in range(judges)
    )
    needs = tuple(
        SubmissionNeed(
            f"s{i:04d}",
            frozenset({SECTORS[i % len(SECTORS)]}),
            "ko" if i % 5 == 0 else "en",
            3,
        )
        for i in range(submissions)
    )
    conflicts = frozenset(
        (j.judge_id, s.submission_id) for j in panel for s in needs if rng.random() < conflict_rate
    )
    return AssignmentProblem(panel, needs, conflicts, seed=seed)


def test_a_pool_of_up_to_24_judges_is_solved_on_every_pair_as_before() -> None:
    problem = pool(60, 24)
    proposal = propose(problem)
    index = build_index(problem)
    chosen, _ = solve_flow(index)  # the full graph, every open pair
    rows, cols = np.nonzero(chosen)
    before = sorted(
        (index.judges[c].judge_id, index.submissions[r].submission_id)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    )
    assert list(proposal.pairs) == before
    assert proposal.proof.parameters["full_graph"] is True
    assert proposal.proof.parameters["objective_gap"] == 0


def test_a_large_pool_is_solved_on_its_candidates_with_the_full_graphs_objective() -> None:
    problem = pool(400, 80)
    sparse, full = propose(problem), propose(problem, candidates_k=80)
    parameters = sparse.proof.parameters
    assert parameters["full_graph"] is False
    assert parameters["candidate_arcs"] < parameters["full_graph_arcs"] / 2
    assert "k judges without a conflict of highest affinity" in parameters["candidate_rule"]
    assert sparse.complete
    assert sparse.spread <= 1
    assert sparse.valid
    assert parameters["full_graph_objective"] == full.proof.objective
    assert sparse.proof.objective - full.proof.objective == parameters["objective_gap"]
    assert 0 <= parameters["objective_gap"] <= parameters["objective_gap_bound"]


def test_a_candidate_graph_too_narrow_to_cover_every_review_is_widened() -> None:
    problem = pool(200, 40)
    proposal = propose(problem, candidates_k=1)
    parameters = proposal.proof.parameters
    assert parameters["candidates_k_initial"] == 1
    assert parameters["candidates_k"] >= 3
    assert proposal.complete
    assert proposal.spread <= 1
    assert proposal.unmet_minimums == ()


def test_the_input_hash_read_from_the_index_is_the_hash_of_the_problem() -> None:
    problem = pool(120, 30)
    stray = AssignmentProblem(
        problem.judges, problem.submissions, problem.conflicts | {("ghost", "s0001")}, seed=3
    )
    for each in (problem, stray):
        assert input_hash(each, build_index(each)) == input_hash(each)


@settings(max_examples=40, deadline=None)
@given(
    submissions=st.integers(1, 40),
    judges=st.integers(2, 14),
    k=st.integers(1, 4),
    seed=st.integers(0, 50),
    conflict_rate=st.sampled_from((0.0, 0.1, 0.4)),
)
def test_any_candidate_graph_covers_and_balances_as_much_as_the_full_graph(
    submissions: int, judges: int, k: int, seed: int, conflict_rate: float
) -> None:
    problem = pool(submissions, judges, seed, conflict_rate)
    sparse, full = propose(problem, candidates_k=k), propose(problem, candidates_k=judges)
    assert len(sparse.pairs) == len(full.pairs)
    assert sparse.spread == full.spread
    assert len(sparse.unmet_minimums) == len(full.unmet_minimums)
    assert sparse.valid
    gap = sparse.proof.objective - full.proof.objective
    assert 0 <= gap <= sparse.proof.parameters["objective_gap_bound"]
