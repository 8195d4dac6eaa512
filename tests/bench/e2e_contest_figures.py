"""The many-contests figures: each p99 of the contests side by side against the single
contest's, measured in the same run, with the target ≤ `TARGET_RATIO` × the single one."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tests.bench.e2e_judging import SCORE_RATE, Judged
from tests.bench.e2e_load import latencies, percentile
from tests.bench.e2e_uploads import POLL_SECONDS, Upload
from tests.bench.figures import Figure

TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Run:
    """One phase: its accepted uploads (every contest's) and how its contests were judged."""

    uploads: list[Upload]
    judged: Judged
    firsts: list[Upload] = dataclasses.field(default_factory=list)  # each contest's first


def side_by_side(what: str, count: int, single: np.ndarray, side: np.ndarray) -> Figure:
    """`count` contests' p99 of `side` against one contest's p99 of `single` (ms)."""
    one, many = percentile(single, 99), percentile(side, 99)
    return Figure(
        name=f"{count} contests side by side: {what} p99",
        value=round(many, 1),
        unit="ms",
        baseline=f"one contest, same total rate and count ({len(single)} measured)",
        baseline_value=round(one, 1),
        target=f"≤ {TARGET_RATIO:g} × one contest",
        met=bool(many <= TARGET_RATIO * one),
    )


Measure = tuple[str, Callable[[Run], np.ndarray]]


def measures(one: Run, rate: float, rounds: int = 1) -> list[Measure]:
    """What is compared, named for the single contest's `one` (over `rounds` rounds); each
    gives a run's samples (ms)."""
    over = f", {rounds} rounds" if rounds > 1 else ""
    uploads = f"{len(one.uploads)} uploads at {rate:g}/s in all{over}"
    scored = f"{len(one.judged.scores)} scores at {SCORE_RATE:g}/s in all{over}"
    return [
        (f"201 → archived ({uploads})", lambda r: latencies(r.uploads, _archived)),
        (f"201 → receipt email ({uploads})", lambda r: latencies(r.uploads, _receipt)),
        (
            f"score accepted → review.scored archived ({scored}; ack floor polled every "
            f"{POLL_SECONDS * 1000:g} ms)",
            lambda r: latencies(r.judged.scores, lambda s: s.archived_at),
        ),
        (
            "results published → a contest's last results email (over contests)",
            lambda r: r.judged.results_ms,
        ),
    ]


def compared(one: Run, many: Run, count: int, rate: float, rounds: int = 1) -> list[Figure]:
    """`rate`: the uploads offered per second in all, in each phase; `one` and `many` may
    pool `rounds` rounds (`pooled`)."""
    figures = [
        side_by_side(what, count, samples(one), samples(many))
        for what, samples in measures(one, rate, rounds)
    ]
    return figures + first_uploads(many, count) + counts(many, count)


def pooled(runs: list[Run]) -> Run:
    """Several rounds' runs as one: every upload, score and contest's results time."""
    judged = [r.judged for r in runs]
    return Run(
        firsts=[u for r in runs for u in r.firsts],
        uploads=[u for r in runs for u in r.uploads],
        judged=Judged(
            scores=[s for j in judged for s in j.scores],
            results_ms=np.concatenate([j.results_ms for j in judged]),
            emails=sum(j.emails for j in judged),
            expected=sum(j.expected for j in judged),
        ),
    )


def by_round(ones: list[Run], manys: list[Run], count: int, rate: float) -> list[Figure]:
    """Each round's p99 ratio (many against one, same round), no target: shows whether an
    excess is every round's (interference) or one round's (a stall of the machine)."""
    figures = []
    for what, samples in measures(ones[0], rate):
        ratios = [
            percentile(samples(many), 99) / max(percentile(samples(one), 99), 1e-9)
            for one, many in zip(ones, manys, strict=True)
        ]
        figures.append(
            Figure(
                name=f"{count} contests side by side: {what} p99 ratio, round by round "
                + ", ".join(f"{r:.2f}" for r in ratios),
                value=round(max(ratios), 2),
                unit="× (largest round)",
            )
        )
    return figures


def first_uploads(many: Run, count: int) -> list[Figure]:
    """Each contest's first upload against the others, for the receipt: a cost paid once per
    contest (a cold cache, a first write) lands on 1 upload in 120 with one contest and on 20
    with 20, where a p99 sees it."""
    firsts = {id(u) for u in many.firsts}
    rest = [u for u in many.uploads if id(u) not in firsts]
    figures = []
    for what, stamp in (("archived", _archived), ("receipt email", _receipt)):
        first, others = latencies(many.firsts, stamp), latencies(rest, stamp)
        figures.append(
            Figure(
                name=f"{count} contests side by side: 201 → {what}, each contest's first upload"
                f" ({len(first)}), p50 (p99 {percentile(first, 99):.1f} ms)",
                value=round(percentile(first, 50), 1),
                unit="ms",
                baseline=f"the other uploads ({len(others)}), p50 "
                f"(p99 {percentile(others, 99):.1f} ms)",
                baseline_value=round(percentile(others, 50), 1),
            )
        )
    return figures


def _archived(upload: Upload) -> float | None:
    return upload.archived_at


def _receipt(upload: Upload) -> float | None:
    return upload.receipt_at


def counts(many: Run, count: int) -> list[Figure]:
    """What the side-by-side phase got through, so a missing share shows beside its p99."""
    judged = many.judged
    return [
        Figure(f"{count} contests side by side: uploads accepted", len(many.uploads), "uploads"),
        Figure(
            f"{count} contests side by side: scores accepted",
            sum(s.accepted for s in judged.scores),
            f"of {len(judged.scores)}",
        ),
        Figure(
            f"{count} contests side by side: results emails caught",
            judged.emails,
            f"of {judged.expected}",
        ),
    ]
