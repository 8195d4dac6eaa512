"""The min-cost-flow solver: source → submission → judge → sink, as peer-review matching does.

    chosen, cost = solve_flow(index)          # chosen[i, j]: submission i newly goes to judge j
    chosen, cost = solve_flow(index, graph)   # only the pairs of `graph` (a subset of open)

Arcs: source → submission with capacity = reviews still needed; submission → judge with
capacity 1 and cost −affinity, absent when conflicted or already fixed; judge → sink as one
parallel arc per further review, the k-th costing balance·k − bonus·[k ≤ min_load]. Those
costs rise with k (convex), so the flow fills minimum loads first, then the least-loaded
judges. OR-Tools finds the maximum flow (every review that can be covered) of least cost.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from review.domain.assignment_index import BoolArray, Index

SOURCE, SINK = 0, 1


def _judge_arcs(index: Index, first_judge_node: int) -> tuple[np.ndarray, np.ndarray]:
    """Tails and unit costs of the parallel judge → sink arcs, one per possible review."""
    start = index.fixed_load + 1
    counts = np.maximum(index.load_cap - index.fixed_load, 0)
    judge = np.repeat(np.arange(len(index.judges)), counts)
    k = start[judge] + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    weights = index.weights
    cost = weights.balance * k - weights.min_load_bonus * (k <= index.min_load[judge])
    return (judge + first_judge_node).astype(np.int32), cost.astype(np.int64)


def judge_arc_costs(index: Index) -> np.ndarray:
    """Unit costs of every judge → sink arc (the marginal cost of each further review)."""
    return _judge_arcs(index, 0)[1]


def solve_flow(index: Index, graph: BoolArray | None = None) -> tuple[BoolArray, int]:
    n_subs = len(index.submissions)
    first_judge = 2 + n_subs
    rows, cols = np.nonzero(index.open if graph is None else graph)
    judge_tails, judge_costs = _judge_arcs(index, first_judge)
    tails = np.concatenate([np.full(n_subs, SOURCE), rows + 2, judge_tails]).astype(np.int32)
    heads = np.concatenate(
        [np.arange(n_subs) + 2, cols + first_judge, np.full(len(judge_tails), SINK)]
    ).astype(np.int32)
    capacities = np.concatenate(
        [index.need, np.ones(len(rows), np.int64), np.ones(len(judge_tails), np.int64)]
    ).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(n_subs, np.int64), -index.affinity[rows, cols], judge_costs]
    ).astype(np.int64)
    chosen = np.zeros(index.open.shape, dtype=np.bool_)
    demand = int(index.need.sum())
    if demand == 0 or len(rows) == 0:
        return chosen, 0
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(SOURCE, demand)
    flow.set_node_supply(SINK, -demand)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    pair_arcs = np.asarray(arcs)[n_subs : n_subs + len(rows)]
    used = np.asarray(flow.flows(pair_arcs)) > 0
    chosen[rows[used], cols[used]] = True
    return chosen, int(flow.optimal_cost())
