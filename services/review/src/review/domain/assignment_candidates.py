"""The sparse candidate graph: per submission, the k open judges of highest affinity.

    picked = candidates(index, k)          # bool [submission, judge], a subset of index.open
    best = best_affinity(index)            # an upper bound of any assignment's total affinity

Peer-review matchers at conference scale (OpenReview's for 10,000+ papers) solve on such a
graph rather than on every pair. Ties in affinity are broken by a random order drawn from the
problem's seed, so candidates spread over the pool instead of piling onto the judges first in
solve order. When k reaches the number of judges the candidate graph is `index.open` itself.
"""

from __future__ import annotations

import numpy as np

from review.domain.assignment_affinity import BLOCK_ROWS
from review.domain.assignment_index import BoolArray, Index

TIE_SPREAD = 1 << 12  # tie-break values per affinity point: a tie-break never beats affinity
CANDIDATE_RULE = (
    "per submission the k judges without a conflict of highest affinity, ties in a random "
    "order drawn from the seed; k doubled until every review is covered and the loads reach "
    "the pool's balance bound, or until k reaches the pool (the full graph)"
)


def candidates(index: Index, k: int, seed: int) -> BoolArray:
    """bool [submission, judge]: open pairs among each submission's k best judges."""
    n_subs, n_judges = index.open.shape
    if k >= n_judges:
        return index.open.copy()
    rng = np.random.default_rng(seed)
    picked = np.zeros(index.open.shape, dtype=np.bool_)
    for start in range(0, n_subs, BLOCK_ROWS):
        rows = slice(start, start + BLOCK_ROWS)
        ties = rng.integers(0, TIE_SPREAD, size=index.open[rows].shape, dtype=np.int32)
        key = index.affinity[rows].astype(np.int32) * TIE_SPREAD + ties
        key[~index.open[rows]] = -1
        top = np.argpartition(-key, k - 1, axis=1)[:, :k]
        np.put_along_axis(picked[rows], top, True, axis=1)
    picked &= index.open
    return picked


def best_affinity(index: Index) -> int:
    """Σ per submission of its `need` highest open affinities: no assignment has more."""
    total = 0
    for start in range(0, len(index.need), BLOCK_ROWS):
        rows = slice(start, start + BLOCK_ROWS)
        most = int(index.need[rows].max(initial=0))
        if most <= 0:
            continue
        ranked = np.where(index.open[rows], index.affinity[rows], -1).astype(np.int32)
        if most < ranked.shape[1]:  # only the `most` highest matter: no full sort
            ranked = -np.partition(-ranked, most - 1, axis=1)[:, :most]
        ranked = -np.sort(-ranked, axis=1)  # highest first
        take = np.arange(ranked.shape[1]) < index.need[rows, None]
        total += int(np.where(take & (ranked > 0), ranked, 0).sum())
    return total
