"""Rankings per group (category, peer group, or one group for overall) and their stability.

    rank(evaluations, groups={"sub-1": "cat-a", ...}, method="normalised")
    # {"cat-a": ["sub-7", "sub-1", ...]}     best first
    report = rank_stability(evaluations, groups, top_k=5)["cat-a"]
    report.stable, report.top["raw_mean"], report.comparisons[0].entered

Ties on the chosen method fall to the other methods (normalised, raw mean, median), then to
the submission id, so a ranking never depends on input order. Submissions absent from
`groups` are left out; for an overall ranking pass one group for every submission.
"""

from __future__ import annotations

from collections import defaultdict
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
    stable: bool  # the same submissions in the top k under every method
    order_stable: bool  # ... and in the same order


def _key(evaluation: SubmissionEvaluation, method: Method) -> tuple[float | str, ...]:
    values = {m: float(getattr(evaluation, m)) for m in METHODS}
    rest = [values[m] for m in ("normalised", "raw_mean", "median") if m != method]
    return (-values[method], *(-v for v in rest), evaluation.submission_id)


def rank(
    evaluations: dict[str, SubmissionEvaluation], groups: dict[str, str], method: Method
) -> dict[str, list[str]]:
    if method not in METHODS:
        raise ValueError(f"unknown ranking method {method!r}; one of {METHODS}")
    members: defaultdict[str, list[SubmissionEvaluation]] = defaultdict(list)
    for submission_id, group in groups.items():
        if submission_id in evaluations:
            members[group].append(evaluations[submission_id])
    return {
        group: [e.submission_id for e in sorted(members[group], key=lambda e: _key(e, method))]
        for group in sorted(members)
    }


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
    evaluations: dict[str, SubmissionEvaluation], groups: dict[str, str], top_k: int
) -> dict[str, StabilityReport]:
    by_method = {m: rank(evaluations, groups, m) for m in METHODS}
    reports = {}
    for group in by_method["raw_mean"]:
        rankings = {m: by_method[m][group] for m in METHODS}
        top = {m: tuple(rankings[m][:top_k]) for m in METHODS}
        comparisons = tuple(_compare(a, b, rankings, top_k) for a, b in combinations(METHODS, 2))
        reports[group] = StabilityReport(
            group=group,
            top_k=top_k,
            top=top,
            comparisons=comparisons,
            stable=len({frozenset(t) for t in top.values()}) == 1,
            order_stable=len(set(top.values())) == 1,
        )
    return reports
