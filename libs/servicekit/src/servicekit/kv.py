"""JSON documents in a JetStream KV bucket, updated with revision checks (no lost update)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeAlias, TypeVar, cast, overload

from faststream.nats import NatsBroker
from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue
from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)
Opened = TypeVar("Opened")
Kept: TypeAlias = tuple[Model | None, int]
"""A document as a bucket keeps it, with its revision (None and 0: no document)."""


class RevisionConflictError(Exception):
    """Another writer kept winning the race; the caller's message should be redelivered."""


def opened(handle: Opened | None, bucket: str) -> Opened:
    """`handle` once its bucket is open. Buckets open when the broker connects (the
    service's `on_connected`), so a use before that is a wiring bug: `RuntimeError`."""
    if handle is None:
        raise RuntimeError(f"bucket {bucket} is not open yet")
    return handle


async def open_bucket(
    broker: NatsBroker, bucket: str, *, replicas: int, history: int = 1, ttl: float | None = None
) -> KeyValue:
    """`ttl` in seconds: entries older than this expire (None: never)."""
    return await broker.key_value(bucket, replicas=replicas, history=history, ttl=ttl)


class LazyBucket:
    """A KV bucket named when the service is composed and opened once the broker connects
    (`open` is an `on_connected` hook), holding documents of one or more models. A
    repository over one bucket subclasses it and declares each model's `Documents`."""

    def __init__(
        self, broker: NatsBroker, name: str, *, replicas: int, ttl: float | None = None
    ) -> None:
        self.name = name
        self._broker, self._replicas, self._ttl = broker, replicas, ttl
        self._kv: KeyValue | None = None
        self._views: dict[type[BaseModel], DocumentBucket[Any]] = {}

    async def open(self) -> None:
        self._kv = await open_bucket(
            self._broker, self.name, replicas=self._replicas, ttl=self._ttl
        )
        self._views.clear()

    def documents(self, model: type[Model]) -> DocumentBucket[Model]:
        """The bucket's documents of `model`; `RuntimeError` before `open`."""
        kv = opened(self._kv, self.name)
        view = self._views.get(model)
        if view is None:
            view = self._views[model] = DocumentBucket(kv, model)
        return cast("DocumentBucket[Model]", view)


class Documents(Generic[Model]):
    """A repository's documents of one model, declared on its class (`records =
    Documents(SubmissionRecord)`): each read is `self.documents(SubmissionRecord)`, so it
    names the bucket when used before `open`, as the method does."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model

    @overload
    def __get__(self, bucket: None, owner: type[LazyBucket]) -> Documents[Model]: ...

    @overload
    def __get__(self, bucket: LazyBucket, owner: type[LazyBucket]) -> DocumentBucket[Model]: ...

    def __get__(
        self, bucket: LazyBucket | None, owner: type[LazyBucket]
    ) -> Documents[Model] | DocumentBucket[Model]:
        # Read on the class (by `inspect`, say) it is the declaration itself.
        return self if bucket is None else bucket.documents(self.model)


class DocumentBucket(Generic[Model]):
    """Typed documents keyed by string; every write names the revision it read."""

    def __init__(self, kv: KeyValue, model: type[Model], *, memo: bool = False) -> None:
        """`memo`: keep each key's last parsed document and reuse it while its revision is
        current; for few, large, frozen documents read on every message (contests)."""
        self.kv = kv
        self.model = model
        self._memo: dict[str, tuple[Model, int]] | None = {} if memo else None

    async def get(self, key: str) -> tuple[Model, int] | None:
        try:
            entry = await self.kv.get(key)
        except KeyNotFoundError:
            return None
        if entry.value is None or entry.revision is None:
            return None
        if self._memo is not None:
            kept = self._memo.get(key)
            if kept is not None and kept[1] == entry.revision:
                return kept
        found = self.model.model_validate_json(entry.value), entry.revision
        if self._memo is not None:
            self._memo[key] = found
        return found

    async def put(self, key: str, document: Model) -> int:
        return await self.kv.put(key, document.model_dump_json().encode())

    async def update(
        self, key: str, change: Callable[[Model | None], Model | None], *, attempts: int = 10
    ) -> Model | None:
        """Read, change, write-if-unchanged; retried on a concurrent write."""
        return (await self.revise(key, change, attempts=attempts))[0]

    async def revise(
        self,
        key: str,
        change: Callable[[Model | None], Model | None],
        *,
        start: Kept[Model] | None = None,
        attempts: int = 10,
    ) -> Kept[Model]:
        """`update`, answering the revision kept too (0: no document), so that a later change
        in the same piece of work can `start` from it rather than read the key again.

        `start` (`(None, 0)`: no document yet) stands in for the first read, and only a write
        confirms it: the write names its revision, so a stale `start` fails it and the key is
        read as usual; a change that would write nothing from `start` reads the key before
        it answers.
        """
        for _ in range(attempts):
            believed = start is not None
            document, revision = start if start is not None else await self.get(key) or (None, 0)
            start = None
            updated = change(document)
            if updated is None or updated == document:
                if believed:
                    continue
                return document, revision
            try:
                return updated, await self._write(key, updated, revision)
            except KeyWrongLastSequenceError:
                continue
        raise RevisionConflictError(f"{key}: still contended after {attempts} attempts")

    async def _write(self, key: str, document: Model, revision: int) -> int:
        value = document.model_dump_json().encode()
        if revision == 0:
            return await self.kv.create(key, value)
        return await self.kv.update(key, value, last=revision)
