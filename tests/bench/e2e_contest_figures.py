"""The many-contests figures: each p99 of the contests side by side against the single
contest's, measured in the same run, with the target ≤ `TARGET_RATIO` × the single one."""

from __future__ import annotations

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


def compared(one: Run, many: Run, count: int, rate: float) -> list[Figure]:
    """`rate`: the uploads offered per second in all, in each phase."""
    uploads = f"{len(one.uploads)} uploads at {rate:g}/s in all"
    stamps: tuple[tuple[str, Callable[[Upload], float | None]], ...] = (
        ("archived", lambda u: u.archived_at),
        ("receipt email", lambda u: u.receipt_at),
    )
    figures = [
        side_by_side(
            f"201 → {what} ({uploads})",
            count,
            latencies(one.uploads, stamp),
            latencies(many.uploads, stamp),
        )
        for what, stamp in stamps
    ]
    scored = f"{len(one.judged.scores)} scores at {SCORE_RATE:g}/s in all"
    figures.append(
        side_by_side(
            f"score accepted → review.scored archived ({scored}; ack floor polled every "
            f"{POLL_SECONDS * 1000:g} ms)",
            count,
            latencies(one.judged.scores, lambda s: s.archived_at),
            latencies(many.judged.scores, lambda s: s.archived_at),
        )
    )
    figures.append(
        side_by_side(
            "results published → a contest's last results email (over contests)",
            count,
            one.judged.results_ms,
            many.judged.results_ms,
        )
    )
    figures.extend(counts(many, count))
    return figures


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
