"""The review round as an assignment problem per judge pool, read from review's state."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from contracts.contest import Contest
from review.context import contest_of
from review.domain.assignment import AssignmentProblem, JudgeCapacity, Pair, SubmissionNeed
from review.records import AssignmentDoc, JudgeDoc, SubmissionDoc
from review.store import ReviewStore
from servicekit.contests import ContestBucket


@dataclass(frozen=True)
class Panel:
    """Everything an assignment of one round reads, for every pool at once."""

    contest: Contest
    judges: list[JudgeDoc]
    submissions: list[SubmissionDoc]
    active: list[AssignmentDoc]

    def pool_of(self, submission: SubmissionDoc) -> str:
        return self.contest.category(submission.category).pool

    def active_pairs(self, pool: str) -> set[Pair]:
        judges = {
            j.profile.judge_id for j in self.judges if j.profile.pool == pool and not j.withdrawn
        }
        subs = {s.submission_id for s in self.submissions if self.pool_of(s) == pool}
        return {
            (a.judge_id, a.submission_id)
            for a in self.active
            if a.judge_id in judges and a.submission_id in subs
        }

    def pools(self) -> list[str]:
        return sorted({self.pool_of(s) for s in self.submissions})

    def problem(self, pool: str, seed: int, *, keep_active: bool = True) -> AssignmentProblem:
        """The pool's problem; active pairs stay fixed unless the caller reassigns them."""
        judges = [j for j in self.judges if j.profile.pool == pool and not j.withdrawn]
        subs = [s for s in self.submissions if self.pool_of(s) == pool]
        sids = {s.submission_id for s in subs}
        conflicts = {
            (j.profile.judge_id, sid)
            for j in judges
            for sid, c in j.conflicts.items()
            if c.conflicted and sid in sids
        }
        fixed = self.active_pairs(pool) - conflicts if keep_active else set()
        return AssignmentProblem(
            judges=tuple(
                JudgeCapacity(
                    judge_id=j.profile.judge_id,
                    min_load=j.profile.min_load,
                    max_load=j.profile.max_load,
                    expertise=frozenset(j.profile.expertise),
                    languages=frozenset(j.profile.languages),
                )
                for j in judges
            ),
            submissions=tuple(
                SubmissionNeed(
                    submission_id=s.submission_id,
                    sectors=frozenset(s.sectors),
                    language=str(s.application.get("language", "en")),
                    reviews=self.contest.reviews_per_submission,
                )
                for s in subs
            ),
            conflicts=frozenset(conflicts),
            seed=seed,
            fixed=frozenset(fixed),
        )


async def read_panel(
    store: ReviewStore, contests: ContestBucket, contest_id: str, round_slug: str
) -> Panel:
    submissions = [s for s in await store.submissions.all_under(contest_id) if s.eligible]
    assignments = await store.assignments.all_under(contest_id)
    return Panel(
        contest=await contest_of(contests, contest_id),
        judges=await store.judges.all_under(contest_id),
        submissions=sorted(submissions, key=lambda s: s.submission_id),
        active=[a for a in assignments if a.active and a.round == round_slug],
    )


def fingerprint(problem: AssignmentProblem) -> str:
    """A hash of the problem's inputs, independent of the order they were read in."""
    document = [
        sorted(
            (j.judge_id, j.min_load, j.max_load, sorted(j.expertise), sorted(j.languages))
            for j in problem.judges
        ),
        sorted(
            (s.submission_id, sorted(s.sectors), s.language, s.reviews) for s in problem.submissions
        ),
        sorted(problem.conflicts),
        sorted(problem.fixed),
        problem.seed,
    ]
    return hashlib.sha256(json.dumps(document).encode()).hexdigest()


def assignment_id(batch_id: str, pair: Pair) -> str:
    digest = hashlib.sha256(f"{batch_id}|{pair[0]}|{pair[1]}".encode()).hexdigest()
    return f"a-{digest[:20]}"
