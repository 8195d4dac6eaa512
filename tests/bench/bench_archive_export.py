"""Archive exports stream: peak memory while exporting 10,000 submissions, against building it.

Each export runs under `tracemalloc`: the streaming path (`archive.exports`, one row at a time
from a cursor) and, in the same run, the baseline that loads every record and builds the whole
body in memory. The source is a real cursor with small batches on `MONGODB_URL`, else on
SecantusDB started for the run.
"""

from __future__ import annotations

import asyncio
import copy
import tracemalloc
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

from archive.domain.submission import fold_submission
from archive.exports import csv_lines, export_row, json_lines
from archive.repository import Archive
from contracts.envelope import Event
from tests.bench.figures import BENCH_DIR, Figure
from tests.bench.mongo import mongodb_url

SIZES = (1_000, 2_500, 5_000, 10_000)
Source = Callable[[int], AsyncIterable[dict[str, Any]]]


def template() -> dict[str, Any]:
    """One realistic record: two versions with files, four reviews, decisions, notifications."""
    from tests.support.archive_story import contest_story

    story: list[Event] = contest_story(1, 2)
    document, _ = fold_submission("seoul-smart-city-prize-2027", "s-000", story)
    return document


def records(count: int, base: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    async def lazy() -> AsyncIterator[dict[str, Any]]:
        for n in range(count):
            document = copy.deepcopy(base)  # a fresh object per row, as a driver decodes it
            document["submission_id"] = f"s-{n:06d}"
            yield document

    return lazy()


async def streamed_peak(
    rows: AsyncIterable[dict[str, Any]], lines: Callable[..., AsyncIterator[str]]
) -> tuple[int, int]:
    tracemalloc.start()
    size = 0
    async for chunk in lines(rows):
        size += len(chunk.encode())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size


async def built_peak(rows: AsyncIterable[dict[str, Any]]) -> int:
    """The baseline: every record in a list, then the whole CSV body as one string."""
    tracemalloc.start()
    loaded = [row async for row in rows]
    body = "\n".join(",".join(export_row(row)) for row in loaded)
    assert body
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


async def measure(source: Source, label: str) -> list[Figure]:
    streaming = {size: await streamed_peak(source(size), csv_lines) for size in SIZES}
    baseline = {size: await built_peak(source(size)) for size in SIZES}
    json_peak, json_size = await streamed_peak(source(SIZES[-1]), json_lines)
    big, small = SIZES[-1], SIZES[0]
    mib = 1024 * 1024
    _plot(streaming, baseline, label)
    return [
        Figure(
            f"csv {big // 1000}k: streaming peak ({label})",
            streaming[big][0] / mib,
            "MiB",
            baseline="built in memory",
            baseline_value=baseline[big] / mib,
            target="< 0.1 x baseline",
            met=streaming[big][0] < 0.1 * baseline[big],
        ),
        Figure(
            f"streaming peak {big // 1000}k / {small // 1000}k (flat = 1)",
            streaming[big][0] / streaming[small][0],
            "ratio",
            target="< 1.5",
            met=streaming[big][0] < 1.5 * streaming[small][0],
        ),
        Figure(f"csv {big // 1000}k: export size", streaming[big][1] / mib, "MiB"),
        Figure(
            f"json {big // 1000}k: streaming peak",
            json_peak / mib,
            "MiB",
            baseline="json size",
            baseline_value=json_size / mib,
        ),
    ]


def _plot(streaming: dict[int, tuple[int, int]], baseline: dict[int, int], label: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    sizes = list(streaming)
    axes.plot(sizes, [streaming[s][0] / 2**20 for s in sizes], "o-", label="streaming")
    axes.plot(sizes, [baseline[s] / 2**20 for s in sizes], "s--", label="built in memory")
    axes.plot(sizes, [streaming[s][1] / 2**20 for s in sizes], ":", label="export size")
    axes.set(xlabel="submissions exported", ylabel="MiB", title=f"Archive CSV export ({label})")
    axes.legend()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    figure.savefig(BENCH_DIR / "archive_export.png", dpi=100, bbox_inches="tight")
    plt.close(figure)


async def _against_mongodb(url: str, base: dict[str, Any]) -> list[Figure]:
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(url, tz_aware=True)
    archive = Archive(client[f"bench_{uuid.uuid4().hex[:10]}"])
    try:
        await archive.declare_indexes()
        rows = [row async for row in records(SIZES[-1], base)]
        await archive.submissions.insert_many(rows)

        def source(count: int) -> AsyncIterable[dict[str, Any]]:
            cursor: AsyncIterable[dict[str, Any]] = archive.submissions_matching({}, limit=count)
            return cursor

        return await measure(source, "MongoDB")
    finally:
        await archive.drop()
        client.close()


def run() -> list[Figure]:
    with mongodb_url() as url:
        return asyncio.run(_against_mongodb(url, template()))
