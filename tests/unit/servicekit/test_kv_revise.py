"""A change made from a document the caller already holds: no read first, and still no lost
update, since the write names the revision it believed current."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue
from pydantic import BaseModel

from servicekit.kv import DocumentBucket


class Tally(BaseModel):
    votes: tuple[str, ...] = ()


@dataclass
class Entry:
    value: bytes
    revision: int


@dataclass
class FakeKeyValue:
    """The part of nats-py's `KeyValue` a `DocumentBucket` uses, with its revision checks."""

    kept: dict[str, Entry] = field(default_factory=dict)
    sequence: int = 0
    reads: int = 0

    async def get(self, key: str) -> Entry:
        self.reads += 1
        if key not in self.kept:
            raise KeyNotFoundError
        return self.kept[key]

    async def create(self, key: str, value: bytes) -> int:
        return await self.update(key, value, last=0)

    async def update(self, key: str, value: bytes, last: int) -> int:
        if (self.kept[key].revision if key in self.kept else 0) != last:
            raise KeyWrongLastSequenceError
        self.sequence += 1
        self.kept[key] = Entry(value, self.sequence)
        return self.sequence


def tallies() -> tuple[DocumentBucket[Tally], FakeKeyValue]:
    kv = FakeKeyValue()
    return DocumentBucket(cast(KeyValue, kv), Tally), kv


def vote(name: str) -> Callable[[Tally | None], Tally]:
    return lambda current: Tally(votes=(*(current.votes if current else ()), name))


async def test_a_change_from_the_revision_just_written_is_made_without_reading_again():
    bucket, kv = tallies()
    first = await bucket.revise("s-1", vote("ana"), start=(None, 0))
    second = await bucket.revise("s-1", vote("bo"), start=first)
    assert second == (Tally(votes=("ana", "bo")), 2)
    assert kv.reads == 0


async def test_a_change_from_a_stale_revision_keeps_what_another_writer_wrote_meanwhile():
    bucket, _ = tallies()
    believed = await bucket.revise("s-1", vote("ana"))
    await bucket.revise("s-1", vote("replica two"))
    kept, _ = await bucket.revise("s-1", vote("bo"), start=believed)
    assert kept == Tally(votes=("ana", "replica two", "bo"))


async def test_believing_a_key_absent_never_overwrites_a_document_that_is_there():
    bucket, _ = tallies()
    await bucket.revise("s-1", vote("ana"))
    kept, _ = await bucket.revise("s-1", vote("bo"), start=(None, 0))
    assert kept == Tally(votes=("ana", "bo"))


async def test_a_change_that_writes_nothing_from_what_was_believed_answers_what_is_kept():
    bucket, _ = tallies()
    believed = await bucket.revise("s-1", vote("ana"))
    await bucket.revise("s-1", vote("replica two"))
    unchanged = await bucket.revise("s-1", lambda current: current, start=believed)
    assert unchanged == (Tally(votes=("ana", "replica two")), 2)
