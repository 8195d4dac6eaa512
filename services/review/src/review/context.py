"""What review's handlers and routes share: built once by the composition root."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from faststream.nats import NatsBroker, NatsRouter
from pydantic import BaseModel

from contracts.contest import Contest
from contracts.envelope import Event
from contracts.events import ContestConfigured
from review.domain.documents import RuleBrokenError
from review.objects import FileLinks
from review.settings import ReviewSettings
from review.store import ReviewStore
from servicekit.broker import publish_event
from servicekit.contests import ContestBucket
from servicekit.handler_context import FromContext
from servicekit.locks import NamedLocks
from servicekit.replies import RefusedError, responder
from servicekit.signin_limits import FailureLimiter


class UnknownContestError(RefusedError, LookupError):
    """Refused to staff; for an event, retried (its contest may still be on its way)."""


_IDS = uuid.UUID("6f1c3a52-6c1b-4f55-9a57-2f0d3c1e7a10")


def derived_id(*parts: object) -> str:
    """A stable event id for an effect of something: a redelivery re-publishes the same id,
    which the stream's duplicate window (and every consumer) drops."""
    return str(uuid.uuid5(_IDS, "|".join(str(part) for part in parts)))


def shared_fields(source: BaseModel, event: type[Event]) -> dict[str, Any]:
    """The fields of `source` that `event` has too, by name: an event that says what a
    document says is made from it, never by copying each field by hand."""
    return source.model_dump(include=set(event.model_fields) - {"event_id"})


@contextmanager
def refusing() -> Iterator[None]:
    """A rule the domain refused, answered to staff as a refusal of the same kind."""
    try:
        yield
    except RuleBrokenError as broken:
        raise RefusedError(broken.kind, broken.detail) from None


Publish = Callable[[Event], Awaitable[None]]
"""Publishes one event (with its id as `Nats-Msg-Id`); what a function that only publishes takes."""


async def contest_of(contests: ContestBucket, contest_id: str) -> Contest:
    """Review's copy of a contest; `UnknownContestError` when it has not arrived."""
    return known_contest(await contests.get(contest_id), contest_id)


def known_contest(configured: ContestConfigured | None, contest_id: str) -> Contest:
    """The contest of a configuration read from review's copy; `UnknownContestError` when
    none was there."""
    if configured is None:
        raise UnknownContestError("contest-not-found", contest_id)
    return configured.contest


@dataclass
class Review:
    """The composition root's holder of review's dependencies (`main.create_app`): FastStream's
    context and the app keep it; handlers and routes ask for the parts they use (below, and
    `review.depends` for routes), and every function takes those parts, never the holder."""

    settings: ReviewSettings
    broker: NatsBroker
    store: ReviewStore
    contests: ContestBucket
    files: FileLinks
    # Screening compares a submission with the others of its city and project: one at a time
    # per city and project, or two handled side by side could each miss the other.
    screening: NamedLocks = field(default_factory=NamedLocks)
    sign_ins: FailureLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.sign_ins = FailureLimiter(
            self.settings.sign_in_failures, self.settings.sign_in_window_seconds
        )

    async def publish(self, event: Event) -> None:
        await publish_event(self.broker, event)


CONTEXT_KEY = "review"
# What a handler declares to receive one of review's dependencies: FastStream resolves it from
# the broker's context, where the composition root put the holder (`main.create_app`).
Stored = Annotated[ReviewStore, FromContext(f"{CONTEXT_KEY}.store")]
Publishing = Annotated[Publish, FromContext(f"{CONTEXT_KEY}.publish")]
KnownContests = Annotated[ContestBucket, FromContext(f"{CONTEXT_KEY}.contests")]
Configured = Annotated[ReviewSettings, FromContext(f"{CONTEXT_KEY}.settings")]
ScreeningLocks = Annotated[NamedLocks, FromContext(f"{CONTEXT_KEY}.screening")]


def answering(
    settings: ReviewSettings, handlers: Mapping[str, Callable[..., Awaitable[Any]]]
) -> NatsRouter:
    """A router answering each request subject with its handler (`servicekit.responder`):
    a `RefusedError` is answered as a refusal of its kind."""
    router = NatsRouter()
    for subject, handler in handlers.items():
        responder(router, settings, subject)(handler)
    return router
