"""A problem as arrays: judges and submissions in solve order, affinity and eligibility matrices.

    index = build_index(problem)   # raises ValueError for a fixed pair that cannot stay
    index.affinity[i, j], index.open[i, j], index.fixed_load[j], index.weights.balance

Solve order is the ids sorted, then shuffled by the problem's seed: the order of the input
tuples never matters, and the seed only changes which of equally good answers is picked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from review.domain.assignment_affinity import (
    AFFINITY_LANGUAGE,
    AFFINITY_PER_SECTOR,
    SECTORS_COUNTED,
    SmallArray,
    affinity_matrix,
)
from review.domain.assignment_model import AssignmentProblem, JudgeCapacity, SubmissionNeed

__all__ = [
    "AFFINITY_LANGUAGE",
    "AFFINITY_PER_SECTOR",
    "SECTORS_COUNTED",
    "BoolArray",
    "Index",
    "IntArray",
    "SmallArray",
    "build_index",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
T = TypeVar("T")


@dataclass(frozen=True)
class Weights:
    """Cost of the k-th review of a judge: balance·k − min_load_bonus·[k ≤ min_load].

    balance exceeds any affinity a single re-routing can gain, and min_load_bonus any balance
    cost, so the solver prefers: cover every review, then meet minimum loads, then balance
    loads, then maximise affinity.
    """

    balance: int
    min_load_bonus: int


@dataclass(frozen=True)
class Index:
    judges: tuple[JudgeCapacity, ...]
    submissions: tuple[SubmissionNeed, ...]
    affinity: SmallArray  # [submission, judge], int16
    conflicted: BoolArray  # [submission, judge]
    fixed: BoolArray  # [submission, judge]
    open: BoolArray  # may still be assigned: not conflicted, not fixed
    fixed_load: IntArray  # per judge
    fixed_reviews: IntArray  # per submission
    need: IntArray  # reviews still to assign per submission
    min_load: IntArray
    max_load: IntArray
    load_cap: IntArray  # the most a judge can possibly get
    weights: Weights


def _solve_order(items: list[T], seed: int) -> tuple[T, ...]:
    random.Random(seed).shuffle(items)  # noqa: S311 - a tie-break, not a secret
    return tuple(items)


def _pair_mask(
    pairs: frozenset[tuple[str, str]],
    shape: tuple[int, int],
    ji: dict[str, int],
    si: dict[str, int],
) -> BoolArray:
    mask = np.zeros(shape, dtype=np.bool_)
    if not pairs:
        return mask
    # these maps run in C (zip(*pairs) is five times slower): at scale there are 768,000 pairs
    judges, subs = map(itemgetter(0), pairs), map(itemgetter(1), pairs)
    cols = np.fromiter(map(ji.get, judges, repeat(-1)), dtype=np.int64, count=len(pairs))
    rows = np.fromiter(map(si.get, subs, repeat(-1)), dtype=np.int64, count=len(pairs))
    known = (rows >= 0) & (cols >= 0)
    mask[rows[known], cols[known]] = True
    return mask


def build_index(problem: AssignmentProblem) -> Index:
    judges = _solve_order(sorted(problem.judges, key=lambda j: j.judge_id), problem.seed)
    subs = _solve_order(sorted(problem.submissions, key=lambda s: s.submission_id), problem.seed)
    ji = {j.judge_id: i for i, j in enumerate(judges)}
    si = {s.submission_id: i for i, s in enumerate(subs)}
    if len(ji) != len(judges) or len(si) != len(subs):
        raise ValueError("judge and submission ids must be unique")
    shape = (len(subs), len(judges))
    conflicted = _pair_mask(problem.conflicts, shape, ji, si)
    fixed = _pair_mask(problem.fixed, shape, ji, si)
    max_load = np.array([max(j.max_load, 0) for j in judges], dtype=np.int64)
    min_load = np.minimum(np.array([max(j.min_load, 0) for j in judges], dtype=np.int64), max_load)
    reviews = np.array([max(s.reviews, 0) for s in subs], dtype=np.int64)
    fixed_load, fixed_reviews = fixed.sum(axis=0), fixed.sum(axis=1)
    _refuse_bad_fixed(
        problem, ji, si, conflicted & fixed, fixed_load > max_load, fixed_reviews > reviews
    )
    open_ = ~conflicted & ~fixed & (reviews > fixed_reviews)[:, None]
    need = reviews - fixed_reviews
    load_cap = np.minimum(max_load, fixed_load + np.minimum(open_.sum(axis=0), need.sum()))
    affinity = affinity_matrix(judges, subs)
    reroute = min(len(subs), len(judges) + 1) * int(affinity.max(initial=0))
    balance = reroute + 1
    top = int(load_cap.max(initial=0))
    weights = Weights(balance=balance, min_load_bonus=balance * (2 * top + 1) + reroute)
    return Index(
        judges,
        subs,
        affinity,
        conflicted,
        fixed,
        open_,
        fixed_load,
        fixed_reviews,
        need,
        min_load,
        max_load,
        load_cap,
        weights,
    )


def _refuse_bad_fixed(
    problem: AssignmentProblem,
    ji: dict[str, int],
    si: dict[str, int],
    conflicted: BoolArray,
    over_load: BoolArray,
    over_reviews: BoolArray,
) -> None:
    unknown = sorted(p for p in problem.fixed if p[0] not in ji or p[1] not in si)
    if unknown:
        raise ValueError(f"fixed pairs name unknown ids: {unknown[:5]}")
    if conflicted.any():
        raise ValueError("a fixed pair is conflicted; withdraw it through reassign()")
    if over_load.any() or over_reviews.any():
        raise ValueError("fixed pairs exceed a judge's maximum load or a submission's reviews")
