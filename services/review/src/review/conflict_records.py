"""Keeping each judge's conflicts current when a judge or a submission changes.

Returns the pairs that became conflicted, so that the caller can move committed assignments.
"""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.contest import Contest
from contracts.events import ConflictRecorded
from contracts.review_commands import JudgeProfile
from review.context import Publish, derived_id, shared_fields
from review.domain.conflicts import Applicant, reconcile, reconcile_all
from review.records import Conflict, ConflictSource, JudgeDoc, SubmissionDoc
from review.store import ReviewStore
from review.submissions import applicant_of

Pair = tuple[str, str]  # (judge id, submission id)


def _recorded(contest_id: str, judge_id: str, sid: str, conflict: Conflict) -> ConflictRecorded:
    return ConflictRecorded(
        event_id=derived_id(
            contest_id, judge_id, sid, conflict.source, conflict.reason, conflict.conflicted
        ),
        contest_id=contest_id,
        judge_id=judge_id,
        submission_id=sid,
        occurred_at=conflict.recorded_at,
        **shared_fields(conflict, ConflictRecorded),
    )


def _news(before: dict[str, Conflict], after: dict[str, Conflict]) -> dict[str, Conflict]:
    return {sid: c for sid, c in after.items() if before.get(sid) != c}


async def _announce(publish: Publish, doc: JudgeDoc, news: dict[str, Conflict]) -> list[Pair]:
    for sid, conflict in sorted(news.items()):
        await publish(_recorded(doc.contest_id, doc.profile.judge_id, sid, conflict))
    return [(doc.profile.judge_id, sid) for sid, c in news.items() if c.conflicted]


async def refresh_for_submission(
    store: ReviewStore, contest: Contest, publish: Publish, submission: SubmissionDoc
) -> list[Pair]:
    applicant = applicant_of(submission)
    sid, now = submission.submission_id, datetime.now(UTC)
    late: list[Pair] = []
    for judge in await store.judges.all_under(submission.contest_id):

        def changed(current: JudgeDoc | None) -> JudgeDoc | None:
            if current is None:
                return None
            conflicts = dict(current.conflicts)
            found = reconcile(
                current.profile, applicant, contest.conflict_rules, conflicts.get(sid), now
            )
            conflicts.pop(sid, None)
            if found is not None:
                conflicts[sid] = found
            return current.model_copy(update={"conflicts": conflicts})

        updated = await store.judges.update(changed, submission.contest_id, judge.profile.judge_id)
        if updated is not None:
            late += await _announce(publish, updated, _news(judge.conflicts, updated.conflicts))
    return late


async def applicants(store: ReviewStore, contest_id: str) -> list[Applicant]:
    return [applicant_of(s) for s in await store.submissions.all_under(contest_id)]


async def register_judge(
    store: ReviewStore,
    contest: Contest,
    publish: Publish,
    profile: JudgeProfile,
    everyone: list[Applicant],
) -> tuple[JudgeDoc, list[Pair]]:
    """Create or update a judge and recompute every conflict of theirs (pins survive)."""
    contest_id = contest.id
    before: dict[str, Conflict] = {}
    now = datetime.now(UTC)

    def registered(current: JudgeDoc | None) -> JudgeDoc | None:
        nonlocal before
        before = dict(current.conflicts) if current else {}
        conflicts = reconcile_all(profile, everyone, contest.conflict_rules, before, now)
        if current is None:
            return JudgeDoc(contest_id=contest_id, profile=profile, conflicts=conflicts)
        return current.model_copy(
            update={"profile": profile, "conflicts": conflicts, "withdrawn": False}
        )

    doc = await store.judges.update(registered, contest_id, profile.judge_id)
    assert doc is not None
    return doc, await _announce(publish, doc, _news(before, doc.conflicts))


async def pin(
    store: ReviewStore,
    publish: Publish,
    contest_id: str,
    judge_id: str,
    sid: str,
    conflicted: bool,
    reason: str,
    *,
    source: ConflictSource = "staff",
) -> tuple[Conflict, list[Pair]]:
    """Keep a conflict (or a non-conflict) that every re-detection respects: pinned by staff,
    or declared by the judge on the portal."""
    pinned = Conflict(
        conflicted=conflicted,
        source=source,
        rule="declared" if source == "declared" else "staff-pin",
        reason=reason,
        recorded_at=datetime.now(UTC),
        declared_on_portal=source == "declared",
    )

    def with_pin(current: JudgeDoc | None) -> JudgeDoc | None:
        if current is None:
            return None
        return current.model_copy(update={"conflicts": {**current.conflicts, sid: pinned}})

    doc = await store.judges.update(with_pin, contest_id, judge_id)
    if doc is None:
        raise LookupError(judge_id)
    return pinned, await _announce(publish, doc, {sid: pinned})
