"""Rankings per group (category, peer group, or one group for overall) and their stability.

    rank(evaluations, groups={"sub-1": "cat-a", ...}, method="normalised")
    # {"cat-a": ["sub-7", "sub-1", ...]}     best first
    report = rank_stability(evaluations, groups, top_k=5)["cat-a"]
    report.stable, report.top["raw_mean"], report.comparisons[0].entered

    places(evaluations, ranking, "normalised")   # [("sub-7", 1), ("sub-1", 1), ("sub-3", 3)]

Ties (issue 16): submissions whose aggregate on the chosen method is equal (to 9 decimals, so
float noise is no difference) share a rank, competition style (1, 1, 3). Only the contest's
named `tie_break` aggregates, in order, may separate them; within a tie that remains, the
listing order is the submission id, which decides nothing. Submissions absent from `groups`
are left out; for an overall ranking pass one group for every submission.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from review.domain.calibration import SubmissionEvaluation

Method = Literal["raw_mean", "median", "normalised"]
METHODS: tuple[Method, ...] = ("raw_mean", "median", "normalised")


@dataclass(frozen=True)
class MethodComparison:
    methods: tuple[Method, Method]
    entered: tuple[str, ...]  # in the second method's top k, not in the first's
    left: tuple[str, ...]  # in the first method's top k, not in the second's
    overlap: float  # shared share of the top k, 1.0 when identical
    kendall_tau: float  # over the whole group's two rankings, 1.0 when identical


@dataclass(frozen=True)
class StabilityReport:
    group: str
    top_k: int
    top: dict[Method, tuple[str, ...]]
    comparisons: tuple[MethodComparison, ...]
    stable: bool  # the same submissions in the top k under every method, no tie at the cut
    order_stable: bool  # ... and in the same order
    tied: dict[Method, int]  # per method, submissions that share their rank with another
    tied_at_cut: dict[Method, tuple[str, ...]]  # per method, a tie across place k and k+1


def _aggregates(
    evaluation: SubmissionEvaluation, method: Method, tie_break: Sequence[Method]
) -> tuple[float, ...]:
    return tuple(round(-float(getattr(evaluation, m)), 9) for m in (method, *tie_break))


def rank(
    evaluations: dict[str, SubmissionEvaluation],
    groups: dict[str, str],
    method: Method,
    tie_break: Sequence[Method] = (),
) -> dict[str, list[str]]:
    """Per group, best first; equal aggregates are listed by submission id (see `places`)."""
    for named in (method, *tie_break):
        if named not in METHODS:
            raise ValueError(f"unknown ranking method {named!r}; one of {METHODS}")
    members: defaultdict[str, list[SubmissionEvaluation]] = defaultdict(list)
    for submission_id, group in groups.items():
        if submission_id in evaluations:
            members[group].append(evaluations[submission_id])

    def key(e: SubmissionEvaluation) -> tuple[tuple[float, ...], str]:
        return _aggregates(e, method, tie_break), e.submission_id

    return {
        group: [e.submission_id for e in sorted(members[group], key=key)]
        for group in sorted(members)
    }


def places(
    evaluations: dict[str, SubmissionEvaluation],
    ranking: list[str],
    method: Method,
    tie_break: Sequence[Method] = (),
) -> list[tuple[str, int]]:
    """`ranking` (from `rank`) with competition ranks: equal aggregates share the better rank."""
    placed: list[tuple[str, int]] = []
    previous: tuple[float, ...] | None = None
    for position, submission_id in enumerate(ranking, start=1):
        aggregates = _aggregates(evaluations[submission_id], method, tie_break)
        shared = previous == aggregates
        placed.append((submission_id, placed[-1][1] if shared else position))
        previous = aggregates
    return placed


def tied_at_cut(placed: list[tuple[str, int]], k: int) -> tuple[str, ...]:
    """The submissions sharing the rank of place k with one below the cut; empty if none."""
    if k < 1 or len(placed) <= k or placed[k - 1][1] != placed[k][1]:
        return ()
    return tuple(sid for sid, rank_ in placed if rank_ == placed[k - 1][1])


def tie_groups(placed: list[tuple[str, int]]) -> tuple[tuple[str, ...], ...]:
    """Every set of two or more submissions that share a rank, best first."""
    by_rank: defaultdict[int, list[str]] = defaultdict(list)
    for submission_id, rank_ in placed:
        by_rank[rank_].append(submission_id)
    return tuple(tuple(ids) for _, ids in sorted(by_rank.items()) if len(ids) > 1)


def kendall_tau(first: list[str], second: list[str]) -> float:
    """Tau-a of two orderings of the same items: 1 identical, −1 reversed."""
    position = {item: i for i, item in enumerate(second)}
    n = len(first)
    if n < 2:
        return 1.0
    score = sum(1 if position[a] < position[b] else -1 for a, b in combinations(first, 2))
    return score / (n * (n - 1) / 2)


def _compare(a: Method, b: Method, rankings: dict[Method, list[str]], k: int) -> MethodComparison:
    top_a, top_b = rankings[a][:k], rankings[b][:k]
    return MethodComparison(
        methods=(a, b),
        entered=tuple(s for s in top_b if s not in top_a),
        left=tuple(s for s in top_a if s not in top_b),
        overlap=len(set(top_a) & set(top_b)) / len(top_a) if top_a else 1.0,
        kendall_tau=kendall_tau(rankings[a], rankings[b]),
    )


def rank_stability(
    evaluations: dict[str, SubmissionEvaluation],
    groups: dict[str, str],
    top_k: int,
    tie_break: Sequence[Method] = (),
) -> dict[str, StabilityReport]:
    """Whether the top k is the same under every method. A tie across the cut makes the top k
    a choice rather than a result, so it is never stable."""
    by_method = {m: rank(evaluations, groups, m, tie_break) for m in METHODS}
    reports = {}
    for group in by_method["raw_mean"]:
        rankings = {m: by_method[m][group] for m in METHODS}
        placed = {m: places(evaluations, rankings[m], m, tie_break) for m in METHODS}
        at_cut = {m: tied_at_cut(placed[m], top_k) for m in METHODS}
        top = {m: tuple(rankings[m][:top_k]) for m in METHODS}
        comparisons = tuple(_compare(a, b, rankings, top_k) for a, b in combinations(METHODS, 2))
        untied = not any(at_cut.values())
        reports[group] = StabilityReport(
            group=group,
            top_k=top_k,
            top=top,
            comparisons=comparisons,
            stable=untied and len({frozenset(t) for t in top.values()}) == 1,
            order_stable=untied and len(set(top.values())) == 1,
            tied={m: sum(len(g) for g in tie_groups(placed[m])) for m in METHODS},
            tied_at_cut=at_cut,
        )
    return reports
