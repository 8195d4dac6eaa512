"""A contest's panel scores through `domain.calibration`: evaluations, rankings, stability."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from contracts.contest import Contest
from contracts.events import RankedSubmission
from review.context import contest_of
from review.domain.calibration import (
    CalibrationParameters,
    Method,
    Rating,
    StabilityReport,
    SubmissionEvaluation,
    evaluate,
    places,
    rank,
    rank_stability,
    tie_groups,
    tied_at_cut,
    weighted_total,
)
from review.records import SubmissionDoc
from review.store import ReviewStore
from servicekit.contests import ContestBucket

PARAMETERS = CalibrationParameters()


@dataclass(frozen=True)
class Evaluated:
    contest: Contest
    submissions: dict[str, SubmissionDoc]
    evaluations: dict[str, SubmissionEvaluation]

    def categories(self) -> dict[str, str]:
        return {sid: s.category for sid, s in self.submissions.items() if sid in self.evaluations}

    def ranking(self, method: Method) -> dict[str, list[str]]:
        return rank(self.evaluations, self.categories(), method, self.contest.tie_break)

    def placed(self, method: Method) -> dict[str, list[tuple[str, int]]]:
        """Per category, (submission id, competition rank): equal aggregates share a rank."""
        return {
            category: places(self.evaluations, ids, method, self.contest.tie_break)
            for category, ids in self.ranking(method).items()
        }

    def ties(self, method: Method) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Per category with any, the submissions that share a rank."""
        found = {c: tie_groups(p) for c, p in self.placed(method).items()}
        return {c: groups for c, groups in found.items() if groups}

    def ties_at_cut(self, method: Method) -> dict[str, tuple[str, ...]]:
        """Per category whose last finalist place is shared with one below it, those tied."""
        found = {
            c: tied_at_cut(p, self.contest.category(c).finalists)
            for c, p in self.placed(method).items()
        }
        return {c: tied for c, tied in found.items() if tied}

    def stability(self) -> dict[str, StabilityReport]:
        reports = {}
        for category in sorted(set(self.categories().values())):
            members = {s: c for s, c in self.categories().items() if c == category}
            top_k = max(self.contest.category(category).finalists, 1)
            reports.update(rank_stability(self.evaluations, members, top_k, self.contest.tie_break))
        return reports

    def flags(self) -> dict[str, tuple[str, ...]]:
        return {sid: e.flags for sid, e in sorted(self.evaluations.items()) if e.flags}

    def ranked(self, method: Method) -> dict[str, tuple[RankedSubmission, ...]]:
        """Per category, and within each peer group as `<category>--<grouping>-<group>`."""
        groups = dict(self.categories())
        for sid, category in self.categories().items():
            for grouping in self.contest.peer_groups:
                group = self.contest.peer_group_of(grouping, self.submissions[sid].country)
                if group is not None:
                    groups[f"{sid}|{grouping}"] = f"{category}--{grouping}-{group}"
        rankings: dict[str, tuple[RankedSubmission, ...]] = {}
        for grouping_key in sorted(set(groups.values())):
            members = {k.split("|")[0]: g for k, g in groups.items() if g == grouping_key}
            tie_break = self.contest.tie_break
            order = rank(self.evaluations, members, method, tie_break).get(grouping_key, [])
            rankings[grouping_key] = tuple(
                RankedSubmission(
                    submission_id=sid,
                    rank=place,
                    raw_score=round(self.evaluations[sid].raw_mean, 6),
                    normalised_score=round(self.evaluations[sid].normalised_on_scale, 6),
                    peer_group=grouping_key.partition("--")[2] or None,
                )
                for sid, place in places(self.evaluations, order, method, tie_break)
            )
        return rankings


def parameters(method: Method, tie_break: tuple[str, ...] = ()) -> dict[str, Any]:
    """How the ranking was made; `tie_break` is the contest's rule, empty when it has none."""
    return {
        "method": method,
        **asdict(PARAMETERS),
        "weights": "contest rubric weights",
        "ranks": "competition: equal aggregates share a rank (1, 1, 3)",
        "tie_break": list(tie_break),
    }


def ratings_of(contest: Contest, submission: SubmissionDoc) -> list[Rating]:
    weights = contest.rubric_for(submission.category).weights()
    return [
        Rating(r.judge_id, submission.submission_id, weighted_total(r.scores, weights))
        for r in submission.counted_ratings()
    ]


async def evaluate_contest(
    store: ReviewStore, contests: ContestBucket, contest_id: str
) -> Evaluated:
    contest = await contest_of(contests, contest_id)
    submissions = {
        s.submission_id: s for s in await store.submissions.all_under(contest_id) if s.eligible
    }
    ratings = [r for s in submissions.values() for r in ratings_of(contest, s)]
    return Evaluated(contest, submissions, evaluate(ratings, PARAMETERS))
