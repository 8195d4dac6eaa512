"""Conflict-aware judge assignment: propose, inspect, reassign when a judge or conflict changes.

    from review.domain.assignment import AssignmentProblem, JudgeCapacity, SubmissionNeed, propose

    problem = AssignmentProblem(judges=judges, submissions=needs, conflicts=conflict_pairs, seed=7)
    proposal = propose(problem)              # min-cost flow (OR-Tools), deterministic per seed
    proposal.proof.parameters["candidates_k"]  # judges per submission in the candidate graph
    if not proposal.complete:                # never silently partial
        for u in proposal.uncovered:
            print(u.submission_id, u.assigned, "of", u.needed, "-", u.reason)
    for m in proposal.unmet_minimums:         # judges left below their minimum load, and why
        print(m.judge_id, m.assigned, "of at least", m.minimum, "-", m.reason)
    proposal.loads, proposal.total_affinity, proposal.proof  # the proof is stored at commit

    # a judge withdraws: only their pairs move, every other pair stays
    later = reassign(problem, proposal.pairs, withdrawn_judges=frozenset({"j7"}))

    greedy(problem)                          # the baseline the flow is measured against
    check(problem, pairs)                    # {"no_conflicted_pair": True, ...}

Priorities of `propose`: cover as many reviews as possible; then meet minimum loads; then
balance loads (max − min ≤ 1 whenever conflicts and capacities allow); then maximise affinity
(shared sectors and the submission's language). The same problem and seed give the same
pairs, whatever the order of the input tuples. Fixed pairs that are conflicted, unknown or
over a limit are refused with ValueError.
"""

from __future__ import annotations

from collections import Counter
from importlib.metadata import version

from review.domain.assignment_checks import check
from review.domain.assignment_greedy import solve_greedy
from review.domain.assignment_index import build_index
from review.domain.assignment_model import (
    AssignmentProblem,
    AssignmentProof,
    AssignmentProposal,
    JudgeCapacity,
    Pair,
    SubmissionNeed,
    Uncovered,
    Unmet,
)
from review.domain.assignment_result import build_proposal
from review.domain.assignment_sparse import COMPARE_ARCS, solve_sparse

__all__ = [
    "AssignmentProblem",
    "AssignmentProof",
    "AssignmentProposal",
    "JudgeCapacity",
    "Pair",
    "SubmissionNeed",
    "Uncovered",
    "Unmet",
    "check",
    "greedy",
    "propose",
    "reassign",
]

FLOW_SOLVER = f"ortools.SimpleMinCostFlow.solve_max_flow_with_min_cost/{version('ortools')}"


def propose(
    problem: AssignmentProblem, candidates_k: int | None = None, compare_arcs: int = COMPARE_ARCS
) -> AssignmentProposal:
    """The min-cost flow's proposal, solved on a sparse candidate graph (assignment_sparse).

    `candidates_k` overrides the first k (judges per submission; ≥ the pool is the full graph);
    `compare_arcs` is the most open pairs for which the full graph is also solved for the proof.
    """
    index = build_index(problem)
    chosen, extra = solve_sparse(index, problem.seed, candidates_k, compare_arcs)
    return build_proposal(problem, index, chosen, FLOW_SOLVER, extra)


def greedy(problem: AssignmentProblem) -> AssignmentProposal:
    index = build_index(problem)
    return build_proposal(problem, index, solve_greedy(index), "greedy-least-loaded", {})


def reassign(
    problem: AssignmentProblem,
    current: tuple[Pair, ...],
    withdrawn_judges: frozenset[str] = frozenset(),
    new_conflicts: frozenset[Pair] = frozenset(),
) -> AssignmentProposal:
    """Keep every unaffected pair of `current`; refill what a withdrawal or conflict removed.

    Affected: pairs of withdrawn judges, conflicted pairs (old or new), pairs naming an id
    no longer in the problem, duplicates, and pairs beyond a judge's maximum load or a
    submission's reviews (the last ones in sorted order). Withdrawn judges leave the pool.
    """
    conflicts = problem.conflicts | new_conflicts
    judges = tuple(j for j in problem.judges if j.judge_id not in withdrawn_judges)
    limits = {j.judge_id: j.max_load for j in judges}
    needs = {s.submission_id: s.reviews for s in problem.submissions}
    loads: Counter[str] = Counter()
    reviews: Counter[str] = Counter()
    kept: set[Pair] = set()
    for pair in sorted(set(current) | problem.fixed):
        judge, submission = pair
        if judge not in limits or submission not in needs or pair in conflicts:
            continue
        if loads[judge] >= limits[judge] or reviews[submission] >= needs[submission]:
            continue
        kept.add(pair)
        loads[judge] += 1
        reviews[submission] += 1
    refill = AssignmentProblem(
        judges=judges,
        submissions=problem.submissions,
        conflicts=conflicts,
        seed=problem.seed,
        fixed=frozenset(kept),
    )
    return propose(refill)
