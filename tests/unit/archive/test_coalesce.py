"""Deliveries side by side share a query (never one started before they asked) or a bulk write."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import pytest
from pymongo.errors import BulkWriteError, OperationFailure

from archive.coalesce import Coalesced, Pending, made, outcomes


class Store:
    """A query that sees the data as it starts, answers when released, and records its keys."""

    def __init__(self, data: dict[str, list[str]]) -> None:
        self.data = data
        self.queries: list[list[str]] = []
        self.release = asyncio.Event()
        self.failure: Exception | None = None

    async def query(self, keys: list[str]) -> Mapping[str, list[str]]:
        self.queries.append(sorted(keys))
        seen = {key: self.data[key] for key in keys if key in self.data}  # as it started
        await self.release.wait()
        if self.failure is not None:
            raise self.failure
        return seen


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_readers_asking_at_once_share_one_query_and_each_gets_its_own_answer() -> None:
    store = Store({"a": ["1"], "b": ["2"]})
    reads = Coalesced(store.query, list)
    store.release.set()

    answers = await asyncio.gather(reads.read("a"), reads.read("b"), reads.read("c"))

    assert list(answers) == [["1"], ["2"], []]
    assert store.queries == [["a", "b", "c"]]


async def test_a_reader_never_joins_a_query_that_started_before_it_asked() -> None:
    store = Store({"a": ["before"], "b": ["x"]})
    reads = Coalesced(store.query, list)
    first = asyncio.create_task(reads.read("a"))
    await settle()
    assert store.queries == [["a"]]  # under way

    store.data["a"] = ["after"]  # written after the first query started, then read for
    later = [asyncio.create_task(reads.read(key)) for key in ("a", "b")]
    await settle()
    store.release.set()

    assert await first == ["before"]
    assert [await task for task in later] == [["after"], ["x"]]
    assert store.queries == [["a"], ["a", "b"]]  # the second gathered both, after the first


async def test_a_failed_query_fails_its_readers_and_the_next_query_still_answers() -> None:
    store = Store({"a": ["1"]})
    reads = Coalesced(store.query, list)
    store.failure = ConnectionError("server gone")
    store.release.set()

    with pytest.raises(ConnectionError):
        await reads.read("a")
    store.failure = None

    assert await reads.read("a") == ["1"]


async def test_a_reader_cancelled_midway_leaves_the_query_to_the_others() -> None:
    store = Store({"a": ["1"]})
    reads = Coalesced(store.query, list)
    leaving = asyncio.create_task(reads.read("a"))
    staying = asyncio.create_task(reads.read("a"))
    await settle()

    leaving.cancel()
    store.release.set()

    assert await staying == ["1"]
    assert leaving.cancelled()
    assert store.queries == [["a"]]


def test_each_write_of_a_bulk_learns_its_own_outcome() -> None:
    first, copy, broken = Pending("a"), Pending("a"), Pending("b")
    refused = BulkWriteError(
        {
            "writeErrors": [
                {"index": 1, "code": 11000, "errmsg": "duplicate key"},
                {"index": 2, "code": 121, "errmsg": "document failed validation"},
            ],
            "writeConcernErrors": [],
        }
    )

    found = outcomes([first, copy, broken], refused)

    assert made(found[first]) is True
    assert made(found[copy]) is False  # already there: a redelivery, not a failure
    with pytest.raises(OperationFailure, match="validation"):
        made(found[broken])
