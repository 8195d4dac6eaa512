"""Many contests at once: 20 contests side by side against one, at the same total rates,
from uploads through scoring to results.

    figures = await measure(client, http, endpoints)

An unmeasured warm-up contest (`WARM_UPLOADS` uploads, judged and published) goes first, so
the single contest's baseline does not carry a fresh platform's first-use costs. Then each
phase (one contest, then 20) runs the same steps at the same total rates:

1. uploads: `TOTAL` offered open loop at `RATE` per second in all (with 20 contests, each
   `RATE / 20` per second, their schedules interleaved); latency from each `201` to its
   archived record and to its receipt email, stamped as in the latency phase (`e2e_uploads`);
2. scoring (`e2e_judging`): each contest's judges imported, submissions screened, the
   assignment committed, then every review scored through the judge API at `SCORE_RATE` per
   second in all, one contest after another in turn; latency from each score's answer (`200`) to
   its `review.scored` event stored by archive with the submission's record refolded;
3. results: every contest's round closed, finalists chosen and results published at once;
   per contest, the time from the publish command's answer to its last results email caught;
   the figure is the p99 over contests (with one contest, that contest's time).

Target for each: the 20 contests' p99 ≤ 1.5 × the single contest's. The 20 contests run
second, on a store that already holds the first run's events; archive grows slower as its
store grows, so the comparison leans against the 20 contests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from nats.aio.client import Client

from cityprize.platform import Endpoints
from tests.bench.e2e_contest_figures import Run, by_round, compared, pooled
from tests.bench.e2e_gc import Spent, added, described, full_collections, paused, since
from tests.bench.e2e_judging import judge, step
from tests.bench.e2e_load import Phase
from tests.bench.e2e_platform import configure, settled
from tests.bench.e2e_uploads import Tracker, Upload, register, watch_archive, watch_mail
from tests.bench.figures import Figure

CONTESTS = int(os.environ.get("BENCH_E2E_CONTESTS", "20"))
RATE = float(os.environ.get("BENCH_E2E_CONTESTS_RATE", "4"))
TOTAL = int(os.environ.get("BENCH_E2E_CONTESTS_UPLOADS", "120"))
# A p99 of 120 samples is the second largest: one stall of the machine moves it. Rounds of
# one contest then many, alternated, pool three times the samples and meet the same noise.
ROUNDS = int(os.environ.get("BENCH_E2E_CONTESTS_ROUNDS", "3"))
APPLICANTS = 4  # per contest, each in a city of its own
WARM_UPLOADS = 4


@contextlib.asynccontextmanager
async def contests(
    client: Client, http: httpx.AsyncClient, endpoints: Endpoints, prefix: str, count: int
) -> AsyncIterator[list[Phase]]:
    """`count` configured contests sharing one tracker and one mail watcher."""
    tracker = Tracker()
    phases = []
    for n in range(count):
        contest_id = f"{prefix}-{n:02d}"
        await configure(client, http, endpoints.intake, contest_id)
        keys = await register(client, contest_id, APPLICANTS)
        phases.append(Phase(client, http, endpoints, contest_id, keys, tracker))
    # Configuring 20 contests is work for every service; measured uploads start once it is
    # done, as they do for one contest (the first uploads of a run met it before 2026-11-30).
    await settled(client.jetstream())
    watchers = [
        asyncio.create_task(watch_archive(client, tracker, {p.contest_id for p in phases})),
        asyncio.create_task(watch_mail(Path(endpoints.mail_folder), tracker)),
    ]
    await asyncio.sleep(0.2)  # the ordered consumer is subscribed before the first upload
    try:
        yield phases
    finally:
        for watcher in watchers:
            watcher.cancel()
        finished, stuck = await asyncio.wait(watchers, timeout=10)
        for watcher in finished:  # a watcher's failed clean-up is not the measurement's
            if not watcher.cancelled() and watcher.exception() is not None:
                print(f"  a watcher ended with {watcher.exception()!r}")
        for watcher in stuck:
            print(f"  a watcher did not stop within 10 s: {watcher!r}")


async def offer(phases: list[Phase], total: int) -> dict[str, list[Upload]]:
    """`total` uploads at `RATE` per second in all, shared evenly, schedules interleaved;
    returns the accepted ones per contest."""
    each, rate = total // len(phases), RATE / len(phases)

    async def one(index: int, phase: Phase) -> list[Upload]:
        await asyncio.sleep(index / RATE)  # contest k starts k/RATE s in: one upload per slot
        return await phase.offer(rate, each)

    done = await asyncio.gather(*(one(i, p) for i, p in enumerate(phases)))
    await phases[0].followed([u for batch in done for u in batch], mail=True, timeout=120)
    return {
        p.contest_id: [u for u in batch if u.status == 201]
        for p, batch in zip(phases, done, strict=True)
    }


async def run(
    client: Client,
    http: httpx.AsyncClient,
    endpoints: Endpoints,
    prefix: str,
    count: int,
    total: int,
) -> Run:
    """One phase: `count` contests take `total` uploads, then are judged and published."""
    async with contests(client, http, endpoints, prefix, count) as phases:
        accepted = await offer(phases, total)
    step(f"{sum(map(len, accepted.values()))} uploads accepted in {count} contest(s)")
    await settled(client.jetstream())
    judged = await judge(client, http, endpoints, accepted)
    await settled(client.jetstream())
    firsts = [min(uploads, key=lambda u: u.sent_at) for uploads in accepted.values() if uploads]
    return Run([u for uploads in accepted.values() for u in uploads], judged, firsts)


async def measure(client: Client, http: httpx.AsyncClient, endpoints: Endpoints) -> list[Figure]:
    """`ROUNDS` rounds, each one contest then `CONTESTS` side by side; the figures pool every
    round's samples, and each round's own p99 ratios are printed beside them, with the full
    garbage collections each kind of run met (`e2e_gc`)."""
    # Unmeasured: a fresh platform's first uploads, scores and results pay for first-use
    # costs (imports, connections, indexes) that would inflate the single contest's baseline.
    await run(client, http, endpoints, "bench-warm", 1, WARM_UPLOADS)
    runs: dict[int, list[Run]] = {1: [], CONTESTS: []}
    collected: dict[int, Spent] = {1: {}, CONTESTS: {}}
    for n in range(ROUNDS):
        step(f"round {n + 1} of {ROUNDS}: one contest, then {CONTESTS} side by side")
        for count in runs:
            before = await full_collections(endpoints)
            runs[count].append(
                await run(client, http, endpoints, f"bench-r{n}-c{count}", count, TOTAL)
            )
            spent = since(before, await full_collections(endpoints))
            step(f"  full garbage collections meanwhile: {described(spent)}")
            collected[count] = added(collected[count], spent)
    ones, manys = runs[1], runs[CONTESTS]
    figures = compared(pooled(ones), pooled(manys), CONTESTS, RATE, ROUNDS)
    return (
        figures
        + by_round(ones, manys, CONTESTS, RATE)
        + [paused(collected[count], f"{count} contest(s)") for count in runs]
    )
