"""Turn a solver's choice into a proposal: loads, affinity, uncovered reasons, checks, proof.

    proposal = build_proposal(problem, index, chosen, solver="greedy", parameters={})

Both solvers go through here, so their objective and checks are computed the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from review.domain.assignment_checks import check
from review.domain.assignment_hash import input_hash
from review.domain.assignment_index import (
    AFFINITY_LANGUAGE,
    AFFINITY_PER_SECTOR,
    SECTORS_COUNTED,
    BoolArray,
    Index,
    IntArray,
)
from review.domain.assignment_minimums import unmet_minimums
from review.domain.assignment_model import (
    AssignmentProblem,
    AssignmentProof,
    AssignmentProposal,
    Uncovered,
)


def objective(index: Index, loads: IntArray, total_affinity: int) -> int:
    """Σ per judge of balance·k − bonus·[k ≤ min] over their k = 1..load, minus affinity."""
    weights = index.weights
    balance = weights.balance * int((loads * (loads + 1) // 2).sum())
    bonus = weights.min_load_bonus * int(np.minimum(loads, index.min_load).sum())
    return balance - bonus - total_affinity


def parameters(index: Index, **extra: Any) -> dict[str, Any]:
    return {
        "affinity_per_sector": AFFINITY_PER_SECTOR,
        "affinity_language": AFFINITY_LANGUAGE,
        "sectors_counted": SECTORS_COUNTED,
        "balance_weight": index.weights.balance,
        "min_load_bonus": index.weights.min_load_bonus,
        "tie_break": "ids sorted, then shuffled by the seed",
        **extra,
    }


def _reason(index: Index, row: int, capacity: int, demand: int) -> str:
    available = int((~index.conflicted[row] & (index.max_load > 0)).sum())
    if available < index.submissions[row].reviews:
        if available == 0:
            return "no judge without a conflict in the pool"
        judges = "judges" if available > 1 else "judge"
        return f"only {available} {judges} without a conflict in the pool"
    if capacity < demand:
        return f"judges' maximum loads exhausted: the pool takes {capacity} of {demand} reviews"
    return (
        f"judges' maximum loads exhausted: the {available} judges without a conflict "
        "have no capacity left"
    )


def build_proposal(
    problem: AssignmentProblem, index: Index, chosen: BoolArray, solver: str, extra: dict[str, Any]
) -> AssignmentProposal:
    assigned = chosen | index.fixed
    rows, cols = np.nonzero(assigned)
    judge_ids = [j.judge_id for j in index.judges]
    sub_ids = [s.submission_id for s in index.submissions]
    affinity = {
        (judge_ids[c], sub_ids[r]): int(index.affinity[r, c])
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    }
    pairs = tuple(sorted(affinity))
    loads = assigned.sum(axis=0).astype(np.int64)
    got = assigned.sum(axis=1)
    capacity, demand = int(index.max_load.sum()), sum(s.reviews for s in index.submissions)
    uncovered = tuple(
        sorted(
            (
                Uncovered(
                    sub_ids[r],
                    index.submissions[r].reviews,
                    int(got[r]),
                    _reason(index, r, capacity, demand),
                )
                for r in np.nonzero(got < [s.reviews for s in index.submissions])[0].tolist()
            ),
            key=lambda u: u.submission_id,
        )
    )
    total = sum(affinity.values())
    proof = AssignmentProof(
        solver=solver,
        parameters=parameters(index, **extra),
        seed=problem.seed,
        input_hash=input_hash(problem, index),
        objective=objective(index, loads, total),
        checks=check(problem, pairs),
    )
    return AssignmentProposal(
        pairs=pairs,
        loads={judge_ids[c]: int(loads[c]) for c in np.argsort(judge_ids).tolist()},
        affinity=affinity,
        total_affinity=total,
        uncovered=uncovered,
        proof=proof,
        spread=int(loads.max() - loads.min()) if len(loads) else 0,
        unmet_minimums=unmet_minimums(index, loads),
    )
