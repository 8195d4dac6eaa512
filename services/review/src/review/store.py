"""Review's state in JetStream KV buckets `review-*`, every write checked against the revision
it read (servicekit's `DocumentBucket.update`), so two replicas never lose an update."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Generic, TypeVar

from faststream.nats import NatsBroker
from pydantic import BaseModel

from contracts.subjects import kv_bucket
from review.records import (
    AssignmentDoc,
    ContestState,
    IndexEntry,
    JudgeDoc,
    Proposal,
    SessionDoc,
    SubmissionDoc,
    TokenDoc,
)
from servicekit.kv import DocumentBucket, Kept, open_bucket, opened
from servicekit.kv_keys import keys_under
from servicekit.replies import RefusedError


class InvalidIdError(RefusedError, permanent=True):
    """An id that cannot be part of a key: refused to staff, dead-lettered as an event."""


Model = TypeVar("Model", bound=BaseModel)
_KEY_PART = re.compile(r"^[A-Za-z0-9_=-]{1,128}$")


def key(*parts: str) -> str:
    """A KV key from parts; a part that cannot be a key token is refused, never mangled."""
    for part in parts:
        if not _KEY_PART.match(part):
            raise InvalidIdError("invalid-id", f"not usable as an id: {part[:40]!r}")
    return ".".join(parts)


class Documents(Generic[Model]):
    """A bucket of one document type, with listing under a key prefix."""

    def __init__(self, broker: NatsBroker, purpose: str, model: type[Model], replicas: int) -> None:
        self._broker, self._model, self._replicas = broker, model, replicas
        self.name = kv_bucket("review", purpose)
        self._bucket: DocumentBucket[Model] | None = None

    async def open(self) -> None:
        kv = await open_bucket(self._broker, self.name, replicas=self._replicas)
        self._bucket = DocumentBucket(kv, self._model)

    @property
    def _opened(self) -> DocumentBucket[Model]:
        return opened(self._bucket, self.name)

    async def answers(self) -> bool:
        """The bucket is open and its server answers about it."""
        status = await self._opened.kv.status()
        return status.bucket == self.name

    async def get(self, *parts: str) -> Model | None:
        found = await self._opened.get(key(*parts))
        return found[0] if found else None

    async def put(self, document: Model, *parts: str) -> None:
        """Keep `document` under the key of `parts`, whatever was there."""
        await self._opened.put(key(*parts), document)

    async def update(
        self, change: Callable[[Model | None], Model | None], *parts: str
    ) -> Model | None:
        """Read, `change`, write if the revision read is still current; retried on a
        concurrent write (servicekit's `DocumentBucket.update`). Returns the document kept."""
        return await self._opened.update(key(*parts), change)

    async def revise(
        self,
        change: Callable[[Model | None], Model | None],
        *parts: str,
        start: Kept[Model] | None = None,
    ) -> Kept[Model]:
        """`update` from `start` when the caller holds the document as last kept (or knows
        there is none), answering the revision kept too (servicekit's `DocumentBucket.revise`)."""
        return await self._opened.revise(key(*parts), change, start=start)

    async def delete(self, *parts: str) -> None:
        await self._opened.kv.delete(key(*parts))

    async def keys_under(self, *parts: str) -> list[str]:
        """Every key under a prefix, sorted (`servicekit.kv_keys.keys_under`: from the
        bucket stream's subjects, not a watch, which could miss keys)."""
        return await keys_under(self._opened.kv, key(*parts))

    async def all_under(self, *parts: str) -> list[Model]:
        documents = []
        for name in await self.keys_under(*parts):
            found = await self._opened.get(name)
            if found:
                documents.append(found[0])
        return documents


class ReviewStore:
    def __init__(self, broker: NatsBroker, *, replicas: int) -> None:
        self.submissions = Documents(broker, "submissions", SubmissionDoc, replicas)
        self.judges = Documents(broker, "judges", JudgeDoc, replicas)
        self.assignments = Documents(broker, "assignments", AssignmentDoc, replicas)
        self.rounds = Documents(broker, "rounds", ContestState, replicas)
        self.proposals = Documents(broker, "proposals", Proposal, replicas)
        self.tokens = Documents(broker, "tokens", TokenDoc, replicas)
        self.sessions = Documents(broker, "sessions", SessionDoc, replicas)
        self.index = Documents(broker, "screening-index", IndexEntry, replicas)

    def _all(self) -> tuple[Documents[BaseModel], ...]:
        return (  # type: ignore[return-value]
            self.submissions,
            self.judges,
            self.assignments,
            self.rounds,
            self.proposals,
            self.tokens,
            self.sessions,
            self.index,
        )

    async def open(self) -> None:
        for documents in self._all():
            await documents.open()

    async def answers(self) -> bool:
        return await self.submissions.answers()

    async def state(self, contest_id: str) -> ContestState:
        """The contest's progress through its rounds (bucket `review-rounds`); a contest
        not started yet has every round still to come."""
        return await self.rounds.get(contest_id) or ContestState(contest_id=contest_id)

    async def update_state(
        self, contest_id: str, change: Callable[[ContestState], ContestState]
    ) -> ContestState:
        """`change` the contest's state over the revision read (see `Documents.update`)."""

        def changed(current: ContestState | None) -> ContestState:
            return change(current or ContestState(contest_id=contest_id))

        kept = await self.rounds.update(changed, contest_id)
        assert kept is not None  # `changed` never answers None
        return kept
