"""Min-cost flow on a sparse candidate graph, widened until it provably loses nothing but affinity.

    chosen, extra = solve_sparse(index, seed)    # extra: what the proof records about the graph

The solver's priorities are coverage, then minimum loads, then balance, then affinity. Two
bounds hold for every assignment on the full graph, so reaching them on the candidate graph
proves those priorities are as well served as on the full graph:

- coverage ≤ min(Σ min(need, open judges) per submission, Σ free capacity per judge);
- the load cost (balance and minimum-load terms of the objective) ≥ the sum of the cheapest
  marginal review costs for that coverage (each judge's cost is convex in their load).

Until both are reached, k doubles; at k ≥ the pool the graph is the full graph, which is
today's solve exactly (same arcs, same order). The only possible loss is affinity, at most
`objective_gap_bound`; where the full graph has at most `compare_arcs` pairs it is solved
too and the exact `objective_gap` is recorded.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from review.domain.assignment_candidates import CANDIDATE_RULE, best_affinity, candidates
from review.domain.assignment_flow import judge_arc_costs, solve_flow
from review.domain.assignment_index import BoolArray, Index
from review.domain.assignment_result import objective

CANDIDATE_SLACK = 8  # k starts at 8 × the most reviews a submission needs ...
CANDIDATE_FLOOR = 24  # ... and at 24 at least: pools of up to 24 judges get the full graph
COMPARE_ARCS = 1_000_000  # up to this many open pairs, the full graph is solved for the proof


def _coverage_bound(index: Index) -> int:
    per_submission = np.minimum(index.need, index.open.sum(axis=1)).sum()
    per_judge = np.maximum(index.load_cap - index.fixed_load, 0).sum()
    return int(min(per_submission, per_judge))


def _load_bound(index: Index, covered: int) -> int:
    """The least load cost any assignment covering `covered` further reviews can have."""
    marginal = judge_arc_costs(index)
    if 0 < covered < len(marginal):
        marginal = np.partition(marginal, covered - 1)[:covered]
    cheapest = int(marginal.sum()) if covered else 0
    return objective(index, index.fixed_load, 0) + cheapest


def _objective(index: Index, chosen: BoolArray) -> tuple[int, int]:
    """(objective, load cost) of `chosen` plus the fixed pairs."""
    assigned = chosen | index.fixed
    loads = assigned.sum(axis=0).astype(np.int64)
    load_cost = objective(index, loads, 0)
    return load_cost - int(index.affinity[assigned].astype(np.int64).sum()), load_cost


def solve_sparse(
    index: Index, seed: int, k: int | None = None, compare_arcs: int = COMPARE_ARCS
) -> tuple[BoolArray, dict[str, Any]]:
    """The flow's choice on the candidate graph and the proof's record of that graph."""
    pool = len(index.judges)
    most = int(index.need.max(initial=1))
    first = k if k is not None else max(CANDIDATE_SLACK * most, CANDIDATE_FLOOR)
    k = max(first, 1)
    reach = _coverage_bound(index)
    while True:
        graph = candidates(index, k, seed)
        chosen, flow_cost = solve_flow(index, graph)
        value, load_cost = _objective(index, chosen)
        covered = int(chosen.sum())
        if k >= pool or (covered == reach and load_cost == _load_bound(index, covered)):
            break
        k *= 2
    full_arcs = int(index.open.sum())
    extra: dict[str, Any] = {
        "flow_cost": flow_cost,
        "candidate_rule": CANDIDATE_RULE,
        "candidates_k": min(k, pool),
        "candidates_k_initial": first,
        "candidate_arcs": int(graph.sum()),
        "full_graph_arcs": full_arcs,
        "full_graph": k >= pool,
    }
    if k >= pool:
        return chosen, {**extra, "objective_gap_bound": 0, "objective_gap": 0}
    fixed_affinity = int(index.affinity[index.fixed].astype(np.int64).sum())
    bound = load_cost - best_affinity(index) - fixed_affinity
    extra |= {"objective_bound": bound, "objective_gap_bound": value - bound}
    if full_arcs <= compare_arcs:
        full_value, _ = _objective(index, solve_flow(index)[0])
        extra |= {"full_graph_objective": full_value, "objective_gap": value - full_value}
    return chosen, extra
