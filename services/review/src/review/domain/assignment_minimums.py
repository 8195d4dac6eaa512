"""Which judges a proposal leaves below their minimum load, and why.

    short = unmet_minimums(index, loads)     # (Unmet("j1", minimum=5, assigned=2, reason=...),)

The solver meets minimum loads whenever every review can be covered with them; when it cannot,
a minimum is not silently dropped: each judge left short is named with the first reason that
holds, from the most particular to the most general.
"""

from __future__ import annotations

from review.domain.assignment_index import Index, IntArray
from review.domain.assignment_model import Unmet


def _reason(index: Index, column: int, demand: int, minimums: int) -> str:
    judge = index.judges[column]
    if judge.min_load > judge.max_load:
        return f"minimum load {judge.min_load} is above the judge's maximum {judge.max_load}"
    if minimums > demand:
        return (
            f"the pool's minimum loads add up to {minimums}, "
            f"but the round needs only {demand} reviews"
        )
    reachable = int((~index.conflicted[:, column]).sum())
    if reachable < judge.min_load:
        noun = "submission" if reachable == 1 else "submissions"
        return f"only {reachable} {noun} without a conflict for this judge"
    return "the pool's minimum loads cannot all be met while covering every review"


def unmet_minimums(index: Index, loads: IntArray) -> tuple[Unmet, ...]:
    """Every judge whose load is below their declared `min_load`, sorted by judge id."""
    demand = sum(s.reviews for s in index.submissions)
    minimums = sum(j.min_load for j in index.judges)
    short = (
        Unmet(
            judge.judge_id,
            judge.min_load,
            int(loads[c]),
            _reason(index, c, demand, minimums),
        )
        for c, judge in enumerate(index.judges)
        if int(loads[c]) < judge.min_load
    )
    return tuple(sorted(short, key=lambda u: u.judge_id))
