"""One query for the reads (and one bulk write for the writes) that deliveries side by side
ask for at about the same moment.

A replica handles a fetch of messages side by side, and each delivery, once its event is
stored, reads what concerns it: the notifications awaiting it, its applicant's notes, its
contest's registry of wide events. Those reads are where two writers meet ("write, then read",
`archive.causes`, `archive.wide`), so a delivery may share a query only if the query starts
after the delivery's own write. Here it does: a caller joins only a query that has not started,
and one query runs at a time, so the next one gathers everyone who asked meanwhile. Each
caller gets exactly the answer its own query would have given for its key.

Writes go the same way (its event, a notification's notes, its record: `Pending`), each an
unordered bulk write in which every write learns its own outcome (`outcomes`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from pymongo.errors import BulkWriteError, OperationFailure

DUPLICATE_KEY = 11000
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Batch(Generic[K, V]):
    def __init__(self) -> None:
        self.keys: set[K] = set()
        self.answers: asyncio.Future[Mapping[K, V]] = asyncio.get_running_loop().create_future()


class Coalesced(Generic[K, V]):
    """`read(key)` answered by `query(keys)`, a mapping that leaves out keys with nothing
    found (those read `absent()`). Callers asking for one key share its answer: read only."""

    def __init__(
        self, query: Callable[[list[K]], Awaitable[Mapping[K, V]]], absent: Callable[[], V]
    ) -> None:
        self._query, self._absent = query, absent
        self._open: _Batch[K, V] | None = None  # not started yet: a caller may join it
        self._flight: asyncio.Task[None] | None = None  # the last query asked for

    async def read(self, key: K) -> V:
        batch = self._open
        if batch is None:
            batch = self._open = _Batch()
            before = self._flight if self._flight is not None and not self._flight.done() else None
            self._flight = asyncio.create_task(self._run(batch, before))
        batch.keys.add(key)
        # Shielded: a caller cancelled does not cancel the query the others wait for.
        answers = await asyncio.shield(batch.answers)
        return answers[key] if key in answers else self._absent()

    async def _run(self, batch: _Batch[K, V], before: asyncio.Task[None] | None) -> None:
        if before is not None:
            with contextlib.suppress(BaseException):  # its callers see its outcome, not this
                await before
        self._open = None  # from here on nobody joins: the query starts after every write
        try:
            batch.answers.set_result(await self._query(list(batch.keys)))
        except asyncio.CancelledError:
            batch.answers.cancel()
            raise
        except Exception as failed:
            batch.answers.set_exception(failed)  # each caller's delivery fails and comes back


T = TypeVar("T")
Outcome = bool | Exception  # made; refused by a unique key (already there); failed


class Pending(Generic[T]):
    """One caller's write as a key of its own (hashed by identity): the same event delivered
    twice side by side is two writes, and only one of them is new."""

    __slots__ = ("item",)

    def __init__(self, item: T) -> None:
        self.item = item


def outcomes(pending: list[Pending[T]], refused: BulkWriteError) -> dict[Pending[T], Outcome]:
    """Each unordered write's outcome from the server's refusals: a duplicate key is False,
    any other refusal is that write's error (its delivery fails and comes back)."""
    if refused.details.get("writeConcernErrors"):
        raise refused
    found: dict[Pending[T], Outcome] = dict.fromkeys(pending, True)
    for error in refused.details.get("writeErrors", []):
        code = error.get("code")
        found[pending[error["index"]]] = (
            False if code == DUPLICATE_KEY else OperationFailure(error.get("errmsg"), code, error)
        )
    return found


def made(outcome: Outcome) -> bool:
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


async def insert_all(collection: Any, pending: list[Pending[T]]) -> dict[Pending[T], Outcome]:
    """The inserts of deliveries side by side into `collection`, in one unordered bulk write."""
    try:
        await collection.insert_many([p.item for p in pending], ordered=False)
    except BulkWriteError as refused:
        return outcomes(pending, refused)
    return dict.fromkeys(pending, True)
