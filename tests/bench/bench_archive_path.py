"""Archive on a real MongoDB-wire server: events/s as the store grows, and a contest's end.

1. The archive path (`archive_event`, one event after another, as one consumer delivery
   handles it) over a generated contest of 20 submissions, with 0, 10,000 and 100,000
   events of other contests already stored (filled by bulk inserts of sealed records, so
   the indexes hold them). Flat is the target: the last ≥ 0.8 × the first.
2. A contest of `BENCH_ARCHIVE_SUBMISSIONS` applications (24,000 = 100× 2023 by default):
   everything up to the decisions bulk-loaded as a sealed chain, then its last stage —
   finalists, results, one results email per application — through the archive path,
   timed. Quadratic work there (each email refolding every ranked record) would take hours.

The server is `MONGODB_URL`, else SecantusDB started for the run.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections.abc import Iterator
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

from archive.causes import applicant_of, cause_of
from archive.domain.chain import GENESIS, body_hash, link
from archive.domain.concerns import submission_ids_of
from archive.handlers import archive_event
from archive.repository import Archive, filed
from contracts.envelope import Event
from tests.bench.figures import Figure
from tests.bench.mongo import mongodb_url
from tests.support.archive_story import _story, contest_story

STORED = tuple(int(n) for n in os.environ.get("BENCH_ARCHIVE_STORED", "0,10000,100000").split(","))
CONTEST_SIZE = int(os.environ.get("BENCH_ARCHIVE_SUBMISSIONS", "24000"))
FILL_BATCH = 5_000
LAST_STAGE = {"finalists.selected", "results.published"}
Document = dict[str, Any]


async def passed_everything() -> int:
    return 10**12  # every earlier sequence is stored: no gap waits


def filler(start: int, count: int) -> Iterator[Document]:
    """Sealed records of other contests, as the archive stores them (50 per contest)."""
    for n in range(start, start + count):
        contest = f"filler-{n // 50:05d}"
        yield {
            "_id": f"fill-{n}",
            "event_id": f"fill-{n}",
            "contest_id": contest,
            "event_type": "submission.screened",
            "stream_seq": n + 1,
            "submission_ids": [f"s-{n}"],
            "body": {"event_type": "submission.screened", "submission_id": f"s-{n}"},
            "body_hash": f"{n:064x}",
            "position": n % 50 + 1,
            "chain_slot": f"{contest}:{n % 50 + 1}",
            "sealed": True,
        }


async def fill(archive: Archive, start: int, count: int) -> None:
    batch: list[Document] = []
    for record in filler(start, count):
        batch.append(record)
        if len(batch) == FILL_BATCH:
            await archive.events.insert_many(batch, ordered=False)
            await archive.register_wide(batch)
            batch = []
    if batch:
        await archive.events.insert_many(batch, ordered=False)
        await archive.register_wide(batch)


async def path_rate(archive: Archive, first_seq: int) -> float:
    """Events/s of a 20-submission contest through the archive path (a fresh contest id)."""
    story = contest_story(seed=first_seq, submissions=20)
    contest = f"measured-{uuid.uuid4().hex[:8]}"
    raws = [e.model_copy(update={"contest_id": contest}).model_dump_json() for e in story]
    started = time.perf_counter()
    for seq, (event, raw) in enumerate(zip(story, raws, strict=True), first_seq):
        await archive_event(
            archive, raw, subject=event.subject, stream_seq=seq, ack_floor=passed_everything
        )
    return len(story) / (time.perf_counter() - started)


async def growing_store(url: str) -> list[Figure]:
    client: AsyncIOMotorClient[Document] = AsyncIOMotorClient(url, tz_aware=True)
    archive = Archive(client[f"bench_path_{uuid.uuid4().hex[:8]}"])
    rates: dict[int, float] = {}
    try:
        await archive.declare_indexes()
        stored = 0
        for target in STORED:
            await fill(archive, stored, target - stored)
            stored = target
            rates[target] = await path_rate(archive, 10**7 + stored)
            print(f"  archive path with {target:,} stored: {rates[target]:.1f} events/s")
    finally:
        await archive.drop()
        client.close()
    first, last = rates[STORED[0]], rates[STORED[-1]]
    figures = [
        Figure(f"archive path, {n:,} events stored", rate, "events/s") for n, rate in rates.items()
    ]
    figures.append(
        Figure(
            f"archive path, {STORED[-1]:,} stored against empty",
            last,
            "events/s",
            baseline=f"archive path, {STORED[0]:,} stored",
            baseline_value=first,
            target=">= 0.8",
            met=last >= 0.8 * first,
        )
    )
    return figures


def record_of(event: Event, seq: int, about: list[str], head: tuple[int, str]) -> Document:
    """The sealed record the archive path would have stored for `event` (`archive.log`)."""
    body = event.model_dump(mode="json")
    record: Document = {
        "event_id": event.event_id,
        "contest_id": event.contest_id,
        "event_type": event.event_type,
        "subject": event.subject,
        "stream_seq": seq,
        "occurred_at": event.occurred_at,
        "submission_ids": about,
        "body": body,
        "body_hash": body_hash(body),
    }
    if (cause := cause_of(event)) is not None:
        record["cause_event_id"] = cause
    if (applicant := applicant_of(event)) is not None:
        record["applicant_id"] = applicant
    linked = link(record, head[0] + 1, head[1])
    slot = f"{event.contest_id}:{head[0] + 1}"
    return {"_id": event.event_id, **filed(record), **linked, "chain_slot": slot, "sealed": True}


async def bulk_load(archive: Archive, events: Iterator[Event]) -> tuple[int, list[Event]]:
    """Everything before the decisions as a sealed chain; returns (last seq, the rest)."""
    about: dict[str, list[str]] = {}
    head: tuple[int, str] = (0, GENESIS)
    batch: list[Document] = []
    seq = 0
    for event in events:
        if event.event_type in LAST_STAGE:
            return seq, [event, *events]
        seq += 1
        cause = cause_of(event)
        ids = about.get(cause, []) if cause else submission_ids_of(event)
        about[event.event_id] = ids
        record = record_of(event, seq, ids, head)
        head = (record["position"], record["record_hash"])
        batch.append(record)
        if len(batch) == FILL_BATCH:
            await archive.events.insert_many(batch, ordered=False)
            await archive.register_wide(batch)
            batch = []
    if batch:
        await archive.events.insert_many(batch, ordered=False)
        await archive.register_wide(batch)
    return seq, []


async def contest_end(url: str) -> list[Figure]:
    client: AsyncIOMotorClient[Document] = AsyncIOMotorClient(url, tz_aware=True)
    archive = Archive(client[f"bench_end_{uuid.uuid4().hex[:8]}"])
    try:
        await archive.declare_indexes()
        loading = time.perf_counter()
        events = _story(random.Random(24), CONTEST_SIZE, 160)
        seq, last_stage = await bulk_load(archive, events)
        print(f"  {seq:,} events loaded in {time.perf_counter() - loading:.0f}s")
        started = time.perf_counter()
        for n, event in enumerate(last_stage, seq + 1):
            await archive_event(
                archive,
                event.model_dump_json(),
                subject=event.subject,
                stream_seq=n,
                ack_floor=passed_everything,
            )
            if (n - seq) % 5_000 == 0:  # long work shows progress
                pace = (n - seq) / (time.perf_counter() - started)
                print(f"  last stage: {n - seq:,} of {len(last_stage):,} ({pace:.0f}/s)")
        took = time.perf_counter() - started
        ranked = await archive.submissions.count_documents({"status": {"$exists": True}})
    finally:
        await archive.drop()
        client.close()
    print(f"  last stage of {len(last_stage):,} events in {took:.0f}s ({ranked:,} records)")
    return [
        Figure(f"contest of {CONTEST_SIZE:,}: events before its last stage", seq, "events"),
        Figure(f"contest of {CONTEST_SIZE:,}: last stage", len(last_stage), "events"),
        Figure(f"contest of {CONTEST_SIZE:,}: time of its last stage", took, "s"),
        Figure(f"contest of {CONTEST_SIZE:,}: last stage rate", len(last_stage) / took, "events/s"),
    ]


def run() -> list[Figure]:
    with mongodb_url() as url:
        return asyncio.run(growing_store(url)) + asyncio.run(contest_end(url))
