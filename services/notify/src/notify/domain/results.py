"""What published results mean for each submission: its category, rank, and whether it won.

Ranks are competition ranks (issue 16): submissions with equal aggregates share one, so two
entries of a category with rank 1 are both "tied for 1st", and the next is 3rd.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from contracts.events import ResultsPublished


@dataclass(frozen=True)
class SubmissionOutcome:
    submission_id: str
    category: str
    rank: int | None
    winner: bool
    tied: bool = False  # another submission of its category shares its rank


def ordinal(number: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def outcomes(results: ResultsPublished) -> list[SubmissionOutcome]:
    """Every ranked or winning submission once; a winner not in the ranking still wins."""
    found: dict[str, SubmissionOutcome] = {}
    for category, ranked in results.rankings.items():
        winners = set(results.winners.get(category, ()))
        sharing = Counter(entry.rank for entry in ranked)
        for entry in ranked:
            found[entry.submission_id] = SubmissionOutcome(
                entry.submission_id,
                category,
                entry.rank,
                entry.submission_id in winners,
                tied=sharing[entry.rank] > 1,
            )
    for category, winners_of in results.winners.items():
        for submission_id in winners_of:
            if submission_id not in found:
                found[submission_id] = SubmissionOutcome(submission_id, category, None, True)
    return sorted(found.values(), key=lambda o: (o.category, o.rank or 0, o.submission_id))
