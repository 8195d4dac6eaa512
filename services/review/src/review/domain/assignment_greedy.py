"""The greedy baseline: each submission in solve order takes its least-loaded open judges.

    chosen = solve_greedy(index)

Ties go to the higher affinity, then to solve order. Simple and fast, but it never revisits
a choice: it can leave a submission uncovered that the flow covers, and loses affinity.
"""

from __future__ import annotations

import numpy as np

from review.domain.assignment_index import BoolArray, Index


def solve_greedy(index: Index) -> BoolArray:
    chosen = np.zeros(index.open.shape, dtype=np.bool_)
    loads = index.fixed_load.copy()
    # least loaded first, but a judge short of their minimum load before anyone else
    for row in range(len(index.submissions)):
        want = int(index.need[row])
        if want <= 0:
            continue
        candidates = np.nonzero(index.open[row] & (loads < index.max_load))[0]
        if not len(candidates):
            continue
        below_min = loads[candidates] < index.min_load[candidates]
        order = np.lexsort(
            (candidates, -index.affinity[row, candidates], loads[candidates], ~below_min)
        )
        picked = candidates[order[:want]]
        chosen[row, picked] = True
        loads[picked] += 1
    return chosen
