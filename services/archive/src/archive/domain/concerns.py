"""Which submissions an event is about, so a record is refolded when one of its events arrives."""

from __future__ import annotations

from collections.abc import Iterable

from contracts.envelope import Event
from contracts.events import FinalistsSelected, ResultsPublished


def submission_ids_of(event: Event) -> list[str]:
    """Sorted ids; notifications name their cause instead and are resolved through it."""
    if isinstance(event, FinalistsSelected):
        return sorted({sid for ids in event.finalists.values() for sid in ids})
    if isinstance(event, ResultsPublished):
        ranked = {r.submission_id for ranking in event.rankings.values() for r in ranking}
        won = {sid for ids in event.winners.values() for sid in ids}
        return sorted(ranked | won)
    submission_id = getattr(event, "submission_id", None)
    return [submission_id] if isinstance(submission_id, str) else []


def in_order(events: Iterable[Event]) -> list[Event]:
    """One copy of each event, in the order it happened (event id breaks ties), never arrival."""
    unique = {event.event_id: event for event in events}
    return sorted(unique.values(), key=lambda event: (event.occurred_at, event.event_id))
