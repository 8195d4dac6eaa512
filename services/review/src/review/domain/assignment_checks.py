"""Every constraint of an assignment, checked on the pairs alone (whoever produced them).

    checks = check(problem, pairs)       # {"no_conflicted_pair": True, ...}
    all(checks.values())                 # what a commit requires

`loads_meet_min_when_feasible` holds when every judge reaches their minimum load, or when no
assignment could give every judge their minimum (a max-flow decides which).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
from ortools.graph.python import max_flow

from review.domain.assignment_index import Index, build_index
from review.domain.assignment_model import AssignmentProblem, Pair


def check(problem: AssignmentProblem, pairs: Iterable[Pair]) -> dict[str, bool]:
    pairs = list(pairs)
    judges = {j.judge_id: j for j in problem.judges}
    needs = {s.submission_id: s.reviews for s in problem.submissions}
    distinct = set(pairs)
    loads = Counter(j for j, _ in distinct)
    reviews = Counter(s for _, s in distinct)
    short = any(loads[j.judge_id] < min(j.min_load, j.max_load) for j in judges.values())
    return {
        "known_ids": all(j in judges and s in needs for j, s in distinct),
        "no_duplicate_pair": len(distinct) == len(pairs),
        "no_conflicted_pair": not distinct & problem.conflicts,
        "fixed_pairs_kept": problem.fixed <= distinct,
        "reviews_within_need": all(n <= needs.get(s, 0) for s, n in reviews.items()),
        "loads_within_max": all(n <= judges[j].max_load for j, n in loads.items() if j in judges),
        "loads_meet_min_when_feasible": not short or not _min_loads_feasible(problem),
    }


def _min_loads_feasible(problem: AssignmentProblem) -> bool:
    try:
        return min_loads_feasible(build_index(problem))
    except ValueError:  # fixed pairs that cannot stay fail their own checks; assume feasible
        return True


def min_loads_feasible(index: Index) -> bool:
    """Whether some assignment gives every judge at least their minimum load.

    Growing a flow never lowers a judge's load, so a flow that fills every minimum extends to
    a maximum coverage that keeps them: this answers for complete assignments too.
    """
    shortfall = np.maximum(index.min_load - index.fixed_load, 0)
    if not shortfall.any():
        return True
    n_subs = len(index.submissions)
    graph = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    rows, cols = np.nonzero(index.open)
    subs = np.arange(n_subs, dtype=np.int32)
    judges = np.arange(len(index.judges), dtype=np.int32)
    tails = np.concatenate([np.zeros(n_subs, np.int32), rows + 2, judges + 2 + n_subs])
    heads = np.concatenate([subs + 2, cols + 2 + n_subs, np.full(len(judges), sink, np.int32)])
    capacities = np.concatenate([index.need, np.ones(len(rows), np.int64), shortfall])
    graph.add_arcs_with_capacity(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64)
    )
    if graph.solve(source, sink) != graph.OPTIMAL:
        raise RuntimeError("max-flow did not solve the minimum-load check")
    return bool(graph.optimal_flow() == int(shortfall.sum()))
