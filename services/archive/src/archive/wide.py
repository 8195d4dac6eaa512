"""Contest-wide events — a contest's configurations, finalists and results — kept parsed.

Each is about every submission of its contest, or every ranked one, and grows with it (24,000
rankings at a hundred times the prize). Filed under its submissions, it was read by every
fold of the contest and decoded by the server each time, so a contest's end took about an
hour (docs/archive.md). Its log record now names no submission (`store_log.filed`); the
registry `contest_wide` lists a contest's wide events, and this process keeps each one parsed
by event id (an event id always carries the same event), fetching it from the log once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from archive.domain.concerns import submission_ids_of
from archive.repository import WIDE, Archive
from contracts.envelope import Event
from contracts.events import ContestConfigured, any_event_adapter

_KEPT = 256  # a contest has a handful of wide events; this bounds many contests' worth


@dataclass(frozen=True)
class WideEvent:
    body: dict[str, Any]
    event: Event
    submission_ids: frozenset[str]  # what it names; a configuration names none

    def about(self, submission_id: str) -> bool:
        """A configuration is about every submission; a decision about those it names."""
        return isinstance(self.event, ContestConfigured) or submission_id in self.submission_ids


_kept: dict[str, WideEvent] = {}


def kept(event_id: str) -> WideEvent | None:
    return _kept.get(event_id)


def keep(body: dict[str, Any]) -> WideEvent:
    """Parse a contest-wide event's body once and keep it (the oldest kept one leaves)."""
    event: Event = any_event_adapter.validate_python(body)
    wide = WideEvent(body, event, frozenset(submission_ids_of(event)))
    if len(_kept) >= _KEPT:
        del _kept[next(iter(_kept))]
    _kept[event.event_id] = wide
    return wide


def remember(event: Event) -> None:
    """Keep a contest-wide event this process is archiving, so its folds need not fetch it."""
    if event.event_type in WIDE and event.event_id not in _kept:
        keep(event.model_dump(mode="json"))


async def fetch(archive: Archive, event_ids: list[str]) -> list[WideEvent]:
    """The wide events `event_ids`, in that order: one round trip for those not kept yet."""
    unseen = [event_id for event_id in event_ids if event_id not in _kept]
    fetched = {b["event_id"]: keep(b) for b in await archive.bodies_by_id(unseen)} if unseen else {}
    return [_kept.get(event_id) or fetched[event_id] for event_id in event_ids]


class ContestWide:
    """A contest's wide events as one archiving step sees them. The registry is read at most
    once per step, and only after the step's own write: a wide event registered later is
    then registered after that write, and its own step's folds read this step's event (each
    pair of writers meets, as in `archive.causes`). A contest's results refold each ranked
    submission with one query, not two."""

    def __init__(self, archive: Archive, contest_id: str) -> None:
        self.archive = archive
        self.contest_id = contest_id
        self._events: list[WideEvent] | None = None

    async def events(self) -> list[WideEvent]:
        if self._events is None:
            ids = await self.archive.wide_event_ids(self.contest_id)
            self._events = await fetch(self.archive, ids)
        return self._events

    async def about(self, submission_id: str) -> list[WideEvent]:
        return [w for w in await self.events() if w.about(submission_id)]

    async def concerning(self, submission_id: str, cause_ids: list[str]) -> set[str]:
        """Which of `cause_ids` are about `submission_id`, wide or not (one query, and the
        registry unless already read)."""
        own, wide = await asyncio.gather(
            self.archive.causes_concerning(self.contest_id, submission_id, cause_ids),
            self.events(),
        )
        causes = set(cause_ids)
        return own | {
            w.event.event_id for w in wide if w.event.event_id in causes and w.about(submission_id)
        }


async def submission_bodies(
    archive: Archive, contest_id: str, submission_id: str
) -> list[dict[str, Any]]:
    """Every event a submission's record is folded from, as stored bodies: its own events,
    their notifications, and the contest-wide events about it (two queries side by side)."""
    own, wide = await asyncio.gather(
        archive.bodies_for_fold(contest_id, submission_id),
        ContestWide(archive, contest_id).about(submission_id),
    )
    return [*own, *(w.body for w in wide)]


async def cause_submissions(archive: Archive, cause_id: str) -> Collection[str] | None:
    """The submissions the event `cause_id` is about; None when it is not archived. A kept
    wide event costs no round trip and no copy (its set, as kept), so a contest's results
    emails neither decode nor sort its 24,000 names each."""
    wide = kept(cause_id)
    if wide is None:
        header = await archive.header(cause_id)
        if header is None:
            return None
        if header["event_type"] not in WIDE:
            return list(header["submission_ids"])
        (wide,) = await fetch(archive, [cause_id])
    return wide.submission_ids
