"""Results as staff weigh them: each category's ranking with the raw and the normalised score
side by side (from the archive's leaderboard), and what publishing will email to whom."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contracts.review_replies import FinalistsView

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Ranked:
    submission_id: str
    rank: int
    raw: float | None
    normalised: float | None


@dataclass(frozen=True)
class RoundRanking:
    round: str
    published: bool
    categories: tuple[tuple[str, tuple[Ranked, ...]], ...]


def _ranked(rows: Sequence[Mapping[str, Any]]) -> tuple[Ranked, ...]:
    return tuple(
        Ranked(
            str(row["submission_id"]),
            int(row["rank"]),
            row.get("raw_score", row.get("score")),
            row.get("normalised_score"),
        )
        for row in rows
    )


def peer_groups(results: Mapping[str, Any]) -> list[tuple[str, tuple[Ranked, ...]]]:
    """The published rankings within peer groups (`<category>--<grouping>-<group>`), from the
    archive's results; empty until results are published."""
    found = []
    for record in results.get("rounds", ()):
        for key, rows in sorted((record.get("peer_group_rankings") or {}).items()):
            found.append((f"{record.get('round', '')} · {key}", _ranked(rows)))
    return found


def rankings(leaderboard: Mapping[str, Any]) -> list[RoundRanking]:
    """Archive's leaderboard per round: a published ranking has both scores; a provisional
    one (from the scores so far) has the raw mean only."""
    found = []
    for round_slug, board in sorted(leaderboard.get("rounds", {}).items()):
        categories = []
        for category, rows in sorted(board.get("rankings", {}).items()):
            categories.append((category, _ranked(rows)))
        found.append(
            RoundRanking(round_slug, board.get("source") == "published", tuple(categories))
        )
    return found


@dataclass(frozen=True)
class Announcement:
    """Who receives which email when the results are published (one per ranked submission)."""

    winners: tuple[str, ...]
    others: tuple[str, ...]


def announcement(winners: Mapping[str, Sequence[str]], ranked_rows: Sequence[Row]) -> Announcement:
    """`ranked_rows`: archive rows of the submissions that will be ranked; each is named with
    its applicant and city, as notify sends to the submission's kept contact."""
    chosen = {sid for ids in winners.values() for sid in ids}

    def named(row: Row) -> str:
        return f"{row['submission_id']} ({row.get('applicant_id') or ''}, {row.get('city') or ''})"

    ordered = sorted(ranked_rows, key=lambda row: str(row["submission_id"]))
    return Announcement(
        tuple(named(row) for row in ordered if row["submission_id"] in chosen),
        tuple(named(row) for row in ordered if row["submission_id"] not in chosen),
    )


def selection_rankings(view: FinalistsView | None) -> list[tuple[str, tuple[Ranked, ...]]]:
    """The ranking review chose finalists from, per category, with each submission's raw mean
    and normalised score side by side (review's numbers, before anything is published)."""
    if view is None:
        return []
    return [
        (
            category,
            tuple(Ranked(r.submission_id, r.rank, r.raw_score, r.normalised_score) for r in ranked),
        )
        for category, ranked in sorted(view.rankings.items())
    ]
