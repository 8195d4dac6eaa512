"""Results per contest and round, and the leaderboard as of any moment, replayed from events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from statistics import fmean
from typing import Any

from archive.domain.concerns import in_order
from contracts.envelope import Event
from contracts.events import (
    ResultsPublished,
    ReviewScored,
    ReviewUnassigned,
    SubmissionVersion,
)

Document = dict[str, Any]


def results_document(published: ResultsPublished) -> Document:
    """The record of one publication: ranks, method and the frozen calibration parameters."""
    return {
        **published.model_dump(
            mode="json",
            include={
                "contest_id",
                "round",
                "rankings",
                "peer_group_rankings",
                "winners",
                "method",
                "parameters",
            },
        ),
        "event_id": published.event_id,
        "published_at": published.occurred_at.isoformat(),
    }


def latest_results(events: Iterable[Event], round_slug: str) -> ResultsPublished | None:
    published = [
        e for e in in_order(events) if isinstance(e, ResultsPublished) and e.round == round_slug
    ]
    return published[-1] if published else None


def leaderboard(events: Iterable[Event], as_of: datetime) -> Document:
    """Per round: the latest ranking published by `as_of`, else a provisional one from scores.

    Provisional ranks are the mean over judges of each judge's mean criterion score (latest
    revision of each review; a review unassigned since, e.g. superseded by a newer version,
    does not count, as in review), within each category. Equal scores (to 9 decimals) share a
    rank, competition style (1, 1, 3); they are listed by submission id, which decides nothing.
    """
    known = [e for e in in_order(events) if e.occurred_at <= as_of]
    rounds: dict[str, Document] = {}
    for event in known:
        if isinstance(event, ResultsPublished):
            rounds[event.round] = {
                "source": "published",
                "method": event.method,
                "published_at": event.occurred_at.isoformat(),
                "rankings": {
                    category: [r.model_dump(mode="json") for r in ranking]
                    for category, ranking in sorted(event.rankings.items())
                },
            }
    for round_slug, ranking in _provisional(known).items():
        rounds.setdefault(round_slug, {"source": "provisional", "rankings": ranking})
    return {"as_of": as_of.isoformat(), "rounds": dict(sorted(rounds.items()))}


def _provisional(events: list[Event]) -> dict[str, dict[str, list[Document]]]:
    category: dict[str, str] = {}
    reviews: dict[tuple[str, str], ReviewScored] = {}
    unassigned = {e.assignment_id for e in events if isinstance(e, ReviewUnassigned)}
    for event in events:
        if isinstance(event, SubmissionVersion):
            category[event.submission_id] = event.category
        elif isinstance(event, ReviewScored) and event.assignment_id not in unassigned:
            key = (event.round, event.assignment_id)
            held = reviews.get(key)
            if held is None or event.revision >= held.revision:
                reviews[key] = event
    per_submission: dict[tuple[str, str], list[float]] = defaultdict(list)
    for review in reviews.values():
        if review.scores:
            per_submission[(review.round, review.submission_id)].append(
                fmean(review.scores.values())
            )
    table: dict[str, dict[str, list[tuple[float, str]]]] = defaultdict(lambda: defaultdict(list))
    for (round_slug, submission_id), means in per_submission.items():
        slug = category.get(submission_id, "uncategorised")
        table[round_slug][slug].append((fmean(means), submission_id))
    return {
        round_slug: {slug: _ranked(rows) for slug, rows in sorted(by_category.items())}
        for round_slug, by_category in sorted(table.items())
    }


def _ranked(rows: list[tuple[float, str]]) -> list[Document]:
    ordered = sorted(((round(score, 9), sid) for score, sid in rows), key=lambda r: (-r[0], r[1]))
    ranked: list[Document] = []
    for position, (score, sid) in enumerate(ordered, start=1):
        tied = ranked and ordered[position - 2][0] == score
        rank = ranked[-1]["rank"] if tied else position
        ranked.append({"submission_id": sid, "rank": rank, "raw_score": round(score, 6)})
    return ranked
