"""The judge portal: server time per page and page weight, at 1,000 assignments in the pool.

    python -m tests.bench portal        # or `make bench`; figures in var/bench/portal.json

Review runs in-process on a real `nats-server` (JetStream KV as in production); its buckets
are filled directly with one judge pool of 1,000 assignments (334 submissions × 3 reviews
over 16 judges, the 2023 panel's size: about 63 assignments per judge, eight times the
demo's). A signed-in judge's pages are requested through the ASGI app, so the figures are
server time without the network: the median and p95 of 40 requests per page. The weight is
the page's HTML plus every asset it loads (one stylesheet, one script). Targets: each page
under 100 ms, each page with its assets under 200 KB.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from minio import Minio

import review.main
from contracts.contest import load_contest
from contracts.envelope import StoredFile
from contracts.events import ContestConfigured
from contracts.review_commands import JudgeProfile
from review.context import Review
from review.domain.tokens import token_hash
from review.objects import FileLinks
from review.records import AssignmentDoc, ContestState, JudgeDoc, SubmissionDoc, TokenDoc
from review.settings import ReviewSettings
from servicekit.embedded import NatsServer
from tests.bench.figures import Figure

ROOT = Path(__file__).parents[2]
SUBMISSIONS, JUDGES, REVIEWS, REPEATS = 334, 16, 3, 40
TOKEN = "bench-judge-token"


def submission(contest_id: str, n: int) -> SubmissionDoc:
    sid = f"s-{n:04d}"
    return SubmissionDoc(
        contest_id=contest_id,
        submission_id=sid,
        version=1,
        received_at=datetime.now(UTC),
        applicant_id=f"a-{n}",
        applicant_type="city_government",
        category="tech-innovacity",
        sectors=("mobility",),
        title=f"Project {n}: open data for riders",
        city=f"City {n}",
        country="KE",
        files=(
            StoredFile(
                name="overview.pdf",
                size=120_000,
                sha256="0" * 64,
                content_type="application/pdf",
                object_key=f"{contest_id}/{sid}/v1/overview.pdf",
            ),
        ),
        application={
            "title": f"Project {n}: open data for riders",
            "summary": "A project that is measured, open and replicable. " * 8,
            "category": "tech-innovacity",
            "sectors": ["mobility"],
            "project": {"start": "2024-01-01", "end": "2026-12-31"},
            "language": "en",
        },
        screening="eligible",
    )


async def fill(review: Review, contest_id: str) -> str:
    """The pool: submissions, judges, assignments, an open round; returns the busiest judge."""
    store, due = review.store, datetime.now(UTC) + timedelta(days=21)
    for n in range(SUBMISSIONS):
        await store.submissions.put(submission(contest_id, n), contest_id, f"s-{n:04d}")
    for j in range(JUDGES):
        profile = JudgeProfile(
            judge_id=f"j-{j:02d}", name=f"Judge {j}", email=f"j{j}@judges.example", country="KR"
        )
        await store.judges.put(
            JudgeDoc(contest_id=contest_id, profile=profile), contest_id, f"j-{j:02d}"
        )
    for pair in range(SUBMISSIONS * REVIEWS):
        judge, sid = f"j-{pair % JUDGES:02d}", f"s-{pair // REVIEWS:04d}"
        assignment = AssignmentDoc(
            contest_id=contest_id,
            assignment_id=f"a-{pair:05d}",
            round="panel",
            judge_id=judge,
            submission_id=sid,
            submission_version=1,
            batch_id="b-1",
            due_at=due,
        )
        await store.assignments.put(assignment, contest_id, judge, f"a-{pair:05d}")
    state = ContestState(contest_id=contest_id, open_rounds=("panel",))
    await store.rounds.put(state, contest_id)
    token = TokenDoc(contest_id=contest_id, judge_id="j-00", expires_at=due)
    await store.tokens.put(token, token_hash(TOKEN))
    return "j-00"


async def timed(client: httpx.AsyncClient, path: str) -> tuple[list[float], httpx.Response]:
    times, answer = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        answer = await client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    assert answer is not None
    return times, answer


async def measure(nats_url: str) -> list[Figure]:
    contest = load_contest(ROOT / "contests" / "seoul-smart-city-prize.yaml")
    settings = ReviewSettings(nats_url=nats_url)
    files = FileLinks(Minio("127.0.0.1:9", secure=False), "unused", 600)  # no file is opened
    app = review.main.create_app(settings, files=files)
    figures: list[Figure] = []
    async with app.router.lifespan_context(app):
        portal: Review = app.state.review
        await portal.contests.record(ContestConfigured(contest_id=contest.id, contest=contest))
        await fill(portal, contest.id)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://review") as client:
            assert (await client.get(f"/judge/sign-in/{TOKEN}")).status_code == 303
            listed = (await client.get("/judge/")).text
            first = listed.split('href="/judge/assignments/')[1].split('"')[0]
            rows = listed.count('href="/judge/assignments/')
            figures.append(Figure("assignments on the judge's list", rows, "assignments"))
            static = ("/judge/static/base.css", "/judge/static/portal.js")
            asset_bytes = sum([len((await client.get(p)).content) for p in static])
            for name, path in (
                ("my assignments", "/judge/"),
                ("a submission", f"/judge/assignments/{first}"),
                ("scoring", f"/judge/assignments/{first}/score"),
            ):
                times, answer = await timed(client, path)
                p95 = statistics.quantiles(times, n=20)[18]
                weight = (len(answer.content) + asset_bytes) / 1024
                figures += [
                    Figure(f"{name}: median", statistics.median(times), "ms"),
                    Figure(f"{name}: p95", p95, "ms", target="< 100 ms", met=p95 < 100),
                    Figure(
                        f"{name}: page + assets", weight, "KiB", target="< 200 KB", met=weight < 195
                    ),
                ]
    return figures


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as workdir:
        server = NatsServer(Path(workdir)).start()
        try:
            return asyncio.run(measure(server.url))
        finally:
            server.stop()
