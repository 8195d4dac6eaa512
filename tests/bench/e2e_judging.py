"""Every contest of a phase judged side by side, after its uploads: panels assigned, judges
scoring at `SCORE_RATE` per second in all (shared evenly, interleaved), then every contest's
round closed and results published at once.

    judged = await judge(client, http, endpoints, accepted)   # accepted uploads per contest
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
from nats.aio.client import Client

from cityprize.platform import Endpoints
from contracts.subjects import Subject
from tests.bench.e2e_panel import CATEGORY, assign, panel_domain, publish, until
from tests.bench.e2e_platform import bench_contest, settled
from tests.bench.e2e_scores import (
    PanelMail,
    Score,
    assignments,
    give,
    interleaved,
    sheet,
    watch_panel_mail,
)
from tests.bench.e2e_uploads import Tracker, Upload, stamp_archived, watch_archive

SCORE_RATE = float(os.environ.get("BENCH_E2E_CONTESTS_SCORE_RATE", "8"))


def step(what: str) -> None:
    """Progress on the console: a phase of minutes says where it is."""
    print(f"  {time.strftime('%H:%M:%S')} {what}", flush=True)


@dataclass
class Judged:
    scores: list[Score]  # every score given, answered or not
    results_ms: np.ndarray  # per contest: results published → its last results email caught
    emails: int  # results emails caught
    expected: int  # one per accepted upload


async def judge(
    client: Client, http: httpx.AsyncClient, endpoints: Endpoints, accepted: dict[str, list[Upload]]
) -> Judged:
    mail = PanelMail(contest_of={u.key: c for c, uploads in accepted.items() for u in uploads})
    watcher = asyncio.create_task(watch_panel_mail(Path(endpoints.mail_folder), mail))
    try:
        scores = await panels(client, http, endpoints, accepted, mail)
        await settled(client.jetstream())
        return await results(client, accepted, mail, scores)
    finally:
        watcher.cancel()
        await asyncio.wait([watcher], timeout=10)


async def panels(
    client: Client,
    http: httpx.AsyncClient,
    endpoints: Endpoints,
    accepted: dict[str, list[Upload]],
    mail: PanelMail,
) -> list[Score]:
    """Assignments committed in every contest, then every assignment scored on schedule;
    returns once every accepted score is archived (or `until`'s wait is over)."""
    loaded = await asyncio.gather(*(assign(client, c, len(u)) for c, u in accepted.items()))
    wanted: set[str] = set().union(*loaded)
    step(f"assignments committed in {len(accepted)} contest(s); {len(wanted)} judges to sign in")

    async def signed_in() -> bool | None:
        return True if wanted <= mail.tokens.keys() else None

    await until(signed_in, "every assigned judge's sign-in link")
    await settled(client.jetstream())  # the assignment's events are behind us, not in the figure
    per_contest = []
    for contest_id in accepted:
        judges = [a for a in sorted(wanted) if a.endswith(f"@{panel_domain(contest_id)}")]
        listed = [assignments(http, endpoints.review, contest_id, mail.tokens[a]) for a in judges]
        per_contest.append([score for found in await asyncio.gather(*listed) for score in found])
    order = interleaved(per_contest)
    step(f"every judge signed in; {len(order)} scores to give at {SCORE_RATE:g}/s")
    await scored(client, http, endpoints, order)
    return order


async def scored(
    client: Client, http: httpx.AsyncClient, endpoints: Endpoints, order: list[Score]
) -> None:
    """Gives the scores in `order` at `SCORE_RATE`, stamping each when archive has it."""
    contest = bench_contest("bench")  # every contest is the Seoul file: one rubric for all
    sheets = [sheet(contest, CATEGORY, s.assignment_id) for s in order]
    tracker = Tracker()
    contests = {s.contest_id for s in order}
    archived = asyncio.create_task(
        watch_archive(client, tracker, contests, Subject.REVIEW_SCORED, "assignment_id")
    )

    def answered(score: Score) -> None:
        # Known to the watcher only from its answer on, as an upload from its 201: an event
        # archived before the answer arrived counts as no wait at all.
        if score.accepted:
            tracker.by_id[score.assignment_id] = score
            stamp_archived(tracker)

    await asyncio.sleep(0.2)  # the ordered consumer is subscribed before the first score
    try:
        await give(
            http, endpoints.review, list(zip(order, sheets, strict=True)), SCORE_RATE, answered
        )

        async def all_archived() -> bool | None:
            done = all(s.archived_at is not None for s in order if s.accepted)
            return True if done else None

        await until(all_archived, "every score to be archived")
        step("every accepted score archived")
    finally:
        archived.cancel()
        await asyncio.wait([archived], timeout=10)


async def results(
    client: Client, accepted: dict[str, list[Upload]], mail: PanelMail, scores: list[Score]
) -> Judged:
    """Every contest's results published at once; waits for every results email."""
    published = await asyncio.gather(
        *(publish(client, c, [u.submission_id for u in uploads]) for c, uploads in accepted.items())
    )
    expected = {c: len(uploads) for c, uploads in accepted.items()}
    step(f"results published in {len(accepted)} contest(s)")

    async def all_caught() -> bool | None:
        done = all(len(mail.results[c]) >= n for c, n in expected.items())
        return True if done else None

    try:
        await until(all_caught, "every results email")
    except TimeoutError as missed:
        print(f"  {missed}; the figure counts what came")
    finished = [
        1000 * (max(mail.results[c]) - at)
        for c, at in zip(accepted, published, strict=True)
        if len(mail.results[c]) >= expected[c]
    ]
    return Judged(
        scores=scores,
        results_ms=np.array(finished),
        emails=sum(len(v) for v in mail.results.values()),
        expected=sum(expected.values()),
    )
