"""Decisions about one submission: finalist selections, ranks and wins, each with its round."""

from __future__ import annotations

from typing import Any

from contracts.envelope import Event
from contracts.events import FinalistsSelected, ResultsPublished


def decisions_of(submission_id: str, ordered: list[Event]) -> list[dict[str, Any]]:
    decisions: list[dict[str, Any]] = []
    for event in ordered:
        at = event.occurred_at.isoformat()
        if isinstance(event, FinalistsSelected):
            for category, ids in sorted(event.finalists.items()):
                if submission_id in ids:
                    decisions.append(_decision("finalist", event, category, at))
        elif isinstance(event, ResultsPublished):
            for category, ranking in sorted(event.rankings.items()):
                for ranked in ranking:
                    if ranked.submission_id == submission_id:
                        decision = _decision("ranked", event, category, at)
                        decision.update(ranked.model_dump(mode="json", exclude={"submission_id"}))
                        decisions.append(decision)
            for category, ids in sorted(event.winners.items()):
                if submission_id in ids:
                    decisions.append(_decision("winner", event, category, at))
    return decisions


def _decision(
    kind: str, event: FinalistsSelected | ResultsPublished, category: str, at: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "round": event.round,
        "category": category,
        "decided_at": at,
        "event_id": event.event_id,
    }
