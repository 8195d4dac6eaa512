"""Decisions about one submission: finalist selections, ranks and wins, each with its round.

A decision event (finalists, results) names every ranked submission of its contest: 24,000 at
a hundred times the prize, and each of them is refolded against that same event at a
contest's end. Scanning its rankings once per fold made the end quadratic (about 24,000² steps;
docs/archive.md), so each decision event is indexed once by submission (`index_of`) and a fold
looks its submission up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from contracts.envelope import Event
from contracts.events import FinalistsSelected, ResultsPublished

Decision = FinalistsSelected | ResultsPublished
_KEPT = 64  # a contest has a handful of decision events; this bounds many contests' worth


@dataclass(frozen=True)
class DecisionIndex:
    """One decision event by submission: every id it names, and what it decided for each
    (finalist, ranked with its scores, winner) in the event's own order."""

    named: frozenset[str]
    by_submission: dict[str, list[dict[str, Any]]]


_indexes: dict[str, tuple[Decision, DecisionIndex]] = {}


def index_of(event: Decision) -> DecisionIndex:
    """The event's index, built on first use and kept for the same event object (the archive
    keeps each contest-wide event parsed once, `archive.wide`); the oldest kept one leaves."""
    hit = _indexes.get(event.event_id)
    if hit is not None and hit[0] is event:
        return hit[1]
    index = _build(event)
    if len(_indexes) >= _KEPT:
        del _indexes[next(iter(_indexes))]
    _indexes[event.event_id] = (event, index)
    return index


def decisions_of(submission_id: str, ordered: list[Event]) -> list[dict[str, Any]]:
    """The submission's decisions from `ordered` events, in their order; fresh dicts."""
    decisions: list[dict[str, Any]] = []
    for event in ordered:
        if isinstance(event, Decision):
            found = index_of(event).by_submission.get(submission_id, ())
            decisions.extend(dict(decision) for decision in found)
    return decisions


def _build(event: Decision) -> DecisionIndex:
    by_submission: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    at = event.occurred_at.isoformat()
    if isinstance(event, FinalistsSelected):
        for category, ids in sorted(event.finalists.items()):
            for submission_id in dict.fromkeys(ids):
                by_submission[submission_id].append(_decision("finalist", event, category, at))
    else:
        for category, ranking in sorted(event.rankings.items()):
            for ranked in ranking:
                decision = _decision("ranked", event, category, at)
                decision.update(ranked.model_dump(mode="json", exclude={"submission_id"}))
                by_submission[ranked.submission_id].append(decision)
        for category, ids in sorted(event.winners.items()):
            for submission_id in dict.fromkeys(ids):
                by_submission[submission_id].append(_decision("winner", event, category, at))
    return DecisionIndex(frozenset(by_submission), dict(by_submission))


def _decision(kind: str, event: Decision, category: str, at: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "round": event.round,
        "category": category,
        "decided_at": at,
        "event_id": event.event_id,
    }
