"""A submission's decisions read from a decision event indexed once, not scanned per fold."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from archive.domain import decisions
from archive.domain.decisions import decisions_of
from archive.domain.submission import fold_submission
from contracts.envelope import Event
from contracts.events import FinalistsSelected, RankedSubmission, ResultsPublished

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def by_scanning(submission_id: str, ordered: list[Event]) -> list[dict[str, Any]]:
    """The rule as written before the index: walk every ranking of every decision event."""
    found: list[dict[str, Any]] = []
    for event in ordered:
        at = event.occurred_at.isoformat()
        if isinstance(event, FinalistsSelected):
            for category, ids in sorted(event.finalists.items()):
                if submission_id in ids:
                    found.append(head("finalist", event, category, at))
        elif isinstance(event, ResultsPublished):
            for category, ranking in sorted(event.rankings.items()):
                for ranked in ranking:
                    if ranked.submission_id == submission_id:
                        decision = head("ranked", event, category, at)
                        decision.update(ranked.model_dump(mode="json", exclude={"submission_id"}))
                        found.append(decision)
            for category, ids in sorted(event.winners.items()):
                if submission_id in ids:
                    found.append(head("winner", event, category, at))
    return found


def head(
    kind: str, event: FinalistsSelected | ResultsPublished, category: str, at: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "round": event.round,
        "category": category,
        "decided_at": at,
        "event_id": event.event_id,
    }


def a_contests_end(seed: int, size: int) -> list[Event]:
    rng = random.Random(seed)
    ids = [f"s{n}" for n in range(size)]
    categories = {f"cat-{c}": rng.sample(ids, k=size // 2) for c in range(3)}  # overlapping
    finalists = FinalistsSelected(
        contest_id="c",
        occurred_at=T0,
        round="final",
        finalists={c: tuple(v[:5]) for c, v in categories.items()},
    )
    results = ResultsPublished(
        contest_id="c",
        occurred_at=T0,
        round="final",
        rankings={
            c: tuple(
                RankedSubmission(
                    submission_id=s,
                    rank=r,
                    raw_score=rng.random() * 10,
                    normalised_score=rng.gauss(0, 1),
                )
                for r, s in enumerate(v, 1)
            )
            for c, v in categories.items()
        },
        winners={c: tuple(v[:1]) for c, v in categories.items()},
        method="z-score",
    )
    return [finalists, results]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_submission_gets_the_decisions_a_full_scan_finds(seed: int) -> None:
    ordered = a_contests_end(seed, size=40)

    for n in range(45):  # five ids no decision names
        assert decisions_of(f"s{n}", ordered) == by_scanning(f"s{n}", ordered)


def test_a_contests_end_indexes_each_decision_event_once_for_all_its_folds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ordered = a_contests_end(seed=7, size=200)
    built: list[str] = []
    build = decisions._build

    def counted(event: FinalistsSelected | ResultsPublished) -> decisions.DecisionIndex:
        built.append(event.event_id)
        return build(event)

    monkeypatch.setattr(decisions, "_build", counted)

    for n in range(200):
        fold_submission("c", f"s{n}", ordered)

    assert sorted(built) == sorted(event.event_id for event in ordered)


def test_a_decision_handed_out_can_be_changed_without_touching_the_next_fold() -> None:
    ordered = a_contests_end(seed=11, size=10)
    first = decisions_of("s0", ordered) or decisions_of("s1", ordered)
    first[0]["kind"] = "tampered"

    assert all(
        d["kind"] != "tampered" for d in decisions_of("s0", ordered) + decisions_of("s1", ordered)
    )
