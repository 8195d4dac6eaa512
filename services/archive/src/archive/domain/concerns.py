"""Which submissions an event is about, so a record is refolded when one of its events arrives."""

from __future__ import annotations

from collections.abc import Iterable

from archive.domain.decisions import Decision, index_of
from contracts.envelope import Event


def submission_ids_of(event: Event) -> list[str]:
    """Sorted ids; notifications name their cause instead and are resolved through it."""
    if isinstance(event, Decision):
        return sorted(index_of(event).named)  # the set its per-submission index already holds
    submission_id = getattr(event, "submission_id", None)
    return [submission_id] if isinstance(submission_id, str) else []


def in_order(events: Iterable[Event]) -> list[Event]:
    """One copy of each event, in the order it happened (event id breaks ties), never arrival."""
    unique = {event.event_id: event for event in events}
    return sorted(unique.values(), key=lambda event: (event.occurred_at, event.event_id))
