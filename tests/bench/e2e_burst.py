"""A deadline burst: 2,000 submissions offered evenly over 60 s through intake (at most
`IN_FLIGHT` requests open at once), then waiting until every accepted one is archived.

"Drained" is the time from the first upload to the last archived record. Nothing lost:
every `201` has its event on the stream and, once drained, its record in archive (confirmed
through archive's staff API). The wait is capped at `DRAIN_CAP_SECONDS` to keep `make bench`
short; past it, the figures say how many were still queued and the drain time is projected
from archive's pace over the last `PACE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from contracts.subjects import Stream
from tests.bench.e2e_load import Phase, latencies, percentile
from tests.bench.e2e_platform import STAFF_TOKEN
from tests.bench.e2e_uploads import Upload, confirm_archived
from tests.bench.figures import BENCH_DIR, Figure

SUBMISSIONS = int(os.environ.get("BENCH_E2E_BURST", "2000"))
OFFER_SECONDS = 60.0
IN_FLIGHT = 64
DRAIN_CAP_SECONDS = 200.0
PACE_SECONDS = 30.0
TARGET_SECONDS = 120.0
PLOT = BENCH_DIR / "end_to_end_burst.png"


def statuses(uploads: list[Upload]) -> str:
    return statuses_of(Counter(u.status for u in uploads))


def statuses_of(counted: Counter[int]) -> str:
    return ", ".join(f"{status}: {n}" for status, n in sorted(counted.items()))


def archived_count(uploads: list[Upload]) -> int:
    return sum(u.archived_at is not None for u in uploads)


async def drain(phase: Phase, uploads: list[Upload], began: float) -> tuple[float, bool]:
    """Seconds from the first upload to the last archived record (projected if capped)."""
    accepted = [u for u in uploads if u.status == 201]
    pace: list[tuple[float, int]] = []
    while archived_count(accepted) < len(accepted):
        now = time.time()
        pace.append((now, archived_count(accepted)))
        if now - began > DRAIN_CAP_SECONDS:
            then, done_then = next(p for p in pace if p[0] >= now - PACE_SECONDS)
            per_second = (pace[-1][1] - done_then) / max(now - then, 1e-9)
            left = len(accepted) - pace[-1][1]
            return now - began + (left / per_second if per_second else float("inf")), False
        await asyncio.sleep(0.1)
    return max(u.archived_at or 0 for u in accepted) - began, True


def plot(uploads: list[Upload], began: float, path: Path) -> None:
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    horizon = int(max(u.archived_at or u.answered_at for u in uploads) - began) + 2
    bins = np.arange(0, horizon + 1)
    for label, stamps in (
        ("201 answered", [u.answered_at for u in uploads if u.status == 201]),
        ("archived", [u.archived_at for u in uploads if u.archived_at]),
        ("receipt email", [u.receipt_at for u in uploads if u.receipt_at]),
    ):
        top.hist(np.array(stamps) - began, bins=bins, histtype="step", label=label)
    for axis in (top, bottom):
        axis.axvline(TARGET_SECONDS, color="grey", linestyle=":", linewidth=1)
    top.set_ylabel("per second (dotted: the 2-minute target)")
    top.set_title(f"Deadline burst: {len(uploads)} uploads offered in {OFFER_SECONDS:g} s")
    top.legend()
    for label, stamp in (("201 → archived", "archived_at"), ("201 → receipt", "receipt_at")):
        done = [u for u in uploads if getattr(u, stamp)]
        bottom.scatter(
            [u.answered_at - began for u in done],
            [getattr(u, stamp) - u.answered_at for u in done],
            s=3,
            label=label,
        )
    bottom.set_ylabel("latency after 201 (s)")
    bottom.set_xlabel("seconds since the first upload")
    bottom.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


async def measure(phase: Phase) -> list[Figure]:
    began = time.time()
    uploads = await phase.offer(SUBMISSIONS / OFFER_SECONDS, SUBMISSIONS, limit=IN_FLIGHT)
    offered_in = max(u.answered_at for u in uploads) - began
    accepted = [u for u in uploads if u.status == 201]
    drained_in, drained = await drain(phase, uploads, began)
    plot(uploads, began, PLOT)
    archived_then = [u for u in accepted if u.archived_at is not None]
    answers = await confirm_archived(
        phase.http, phase.endpoints.archive, STAFF_TOKEN, phase.contest_id, archived_then
    )
    dead = await phase.client.jetstream().stream_info(Stream.DEAD_LETTER)
    queued = set(phase.tracker.sequences.values())  # on the stream, not yet archived
    archived = latencies(accepted, lambda u: u.archived_at)
    lost = len(archived_then) - answers[200]
    lost += sum(u.archived_at is None and u.submission_id not in queued for u in accepted)
    state = "drained" if drained else f"projected, {len(archived_then)} archived at the cap"
    return [
        Figure(
            name=f"burst: uploads answered 201 (of {SUBMISSIONS} offered in "
            f"{OFFER_SECONDS:g} s; last 201 after {offered_in:.1f} s)",
            value=len(accepted),
            unit="uploads",
        ),
        Figure(
            name=f"burst: time to drain, first upload → last archived ({state})",
            value=round(drained_in, 1),
            unit="s",
            target=f"< {TARGET_SECONDS:g} s",
            met=drained and drained_in < TARGET_SECONDS,
        ),
        Figure(
            name="burst: requests retried (connection dropped, 409 in flight or 503)",
            value=sum(u.retries for u in uploads),
            unit=f"retries; final answers {statuses(uploads)}",
        ),
        Figure(
            name="burst: archived records confirmed through archive's staff API",
            value=answers[200],
            unit=f"of {len(archived_then)} archived ({statuses_of(answers)})",
        ),
        Figure(
            name="burst: accepted uploads lost (no event on the stream, no record)",
            value=lost,
            unit="uploads",
            target="0",
            met=lost == 0,
        ),
        Figure(
            name="burst: messages dead-lettered (any consumer, any subject)",
            value=dead.state.messages,
            unit="messages",
        ),
        Figure(
            name="burst: 201 → archived p50 / p99 (p50 shown)",
            value=round(percentile(archived, 50), 1),
            unit=f"ms; p99 {percentile(archived, 99):.0f} ms",
        ),
    ]
