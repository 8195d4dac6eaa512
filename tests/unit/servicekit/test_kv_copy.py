"""A watched copy whose watch fell silent, or ended, still answers what the bucket holds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import cast

from nats.js.errors import KeyNotFoundError
from nats.js.kv import KeyValue
from pydantic import BaseModel

from servicekit.kv import DocumentBucket
from servicekit.kv_copy import WatchedCopy
from tests.support.waiting import eventually


class Named(BaseModel):
    name: str


@dataclass
class Entry:
    value: bytes
    revision: int


@dataclass
class SilentWatch:
    """A watch that brings nothing: one that failed unseen, or (`ended`) one that stopped."""

    ended: asyncio.Event = field(default_factory=asyncio.Event)

    def __aiter__(self) -> AsyncIterator[None]:
        return self._nothing()

    async def _nothing(self) -> AsyncIterator[None]:
        await self.ended.wait()
        return
        yield

    async def stop(self) -> None:
        self.ended.set()


@dataclass
class QuietBucket:
    """The part of nats-py's `KeyValue` a watched copy uses; its watch never speaks."""

    kept: dict[str, Entry] = field(default_factory=dict)
    watch: SilentWatch = field(default_factory=SilentWatch)
    reads: int = 0

    async def get(self, key: str) -> Entry:
        self.reads += 1
        if key not in self.kept:
            raise KeyNotFoundError
        return self.kept[key]

    async def watchall(self) -> SilentWatch:
        return self.watch

    def put(self, key: str, name: str) -> None:
        revision = max((e.revision for e in self.kept.values()), default=0) + 1
        self.kept[key] = Entry(Named(name=name).model_dump_json().encode(), revision)


@dataclass
class Clock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


async def copy_of(bucket: QuietBucket, clock: Clock) -> WatchedCopy[Named]:
    documents = DocumentBucket(cast(KeyValue, bucket), Named)
    copy = WatchedCopy(documents, kept_for=10.0, clock=clock)
    await copy.start()
    return copy


async def following(copy: WatchedCopy[Named]) -> bool:
    return copy.following


async def name_in(copy: WatchedCopy[Named], key: str) -> str | None:
    found = await copy.get(key)
    return found[0].name if found else None


async def test_a_kept_document_is_read_again_once_not_confirmed_for_its_time():
    bucket, clock = QuietBucket(), Clock()
    bucket.put("prize", "Before")
    copy = await copy_of(bucket, clock)
    assert await name_in(copy, "prize") == "Before"

    bucket.put("prize", "After")
    clock.now = 9.0
    assert await name_in(copy, "prize") == "Before", "still within its time, from memory"
    clock.now = 10.5

    assert await name_in(copy, "prize") == "After"
    await copy.stop()


async def test_a_copy_whose_watch_ended_reads_the_bucket_every_time():
    bucket, clock = QuietBucket(), Clock()
    bucket.put("prize", "Before")
    copy = await copy_of(bucket, clock)
    assert await name_in(copy, "prize") == "Before"

    bucket.watch.ended.set()
    await eventually(lambda: following(copy), until=lambda f: not f, timeout=2, what="ended")
    bucket.put("prize", "After")

    assert await name_in(copy, "prize") == "After"
    await copy.stop()


async def test_an_older_revision_offered_late_does_not_replace_a_newer_one():
    bucket, clock = QuietBucket(), Clock()
    copy = await copy_of(bucket, clock)
    copy.offer("prize", Named(name="Newer"), 5)

    copy.offer("prize", Named(name="Older"), 3)

    assert await name_in(copy, "prize") == "Newer"
    assert bucket.reads == 0
    await copy.stop()
