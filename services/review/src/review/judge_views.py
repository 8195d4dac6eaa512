"""Reading a judge's own assignments: the list, and one opened with its files and rubric."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from review.context import contest_of
from review.domain.views import submission_view
from review.judge_auth import JudgeCaller
from review.objects import FileLinks
from review.records import AssignmentDoc, SubmissionDoc
from review.store import InvalidIdError, ReviewStore
from servicekit.contests import ContestBucket
from servicekit.problems import ProblemError


def not_found(assignment_id: str) -> ProblemError:
    return ProblemError(404, "assignment-not-found", "No such assignment of yours", assignment_id)


async def mine(store: ReviewStore, judge: JudgeCaller) -> list[AssignmentDoc]:
    found = await store.assignments.all_under(judge.contest_id, judge.judge_id)
    return sorted((a for a in found if a.active), key=lambda a: (a.due_at, a.assignment_id))


async def my_assignment(
    store: ReviewStore, judge: JudgeCaller, assignment_id: str
) -> AssignmentDoc:
    try:
        found = await store.assignments.get(judge.contest_id, judge.judge_id, assignment_id)
    except InvalidIdError:
        raise not_found(assignment_id) from None
    if found is None or not found.active:
        raise not_found(assignment_id)
    return found


async def submission_of(store: ReviewStore, assignment: AssignmentDoc) -> SubmissionDoc:
    """The submission as of the version assigned: a judge reads and scores one coherent
    version (fields, files and hashes), even when it was amended since (issue 16)."""
    found = await store.submissions.get(assignment.contest_id, assignment.submission_id)
    if found is None:
        raise not_found(assignment.assignment_id)
    return found.as_of(assignment.submission_version)


def identity_of(submission: SubmissionDoc) -> dict[str, Any]:
    """Who applied: shown to judges only when the contest is not blind."""
    return {
        "applicant_id": submission.applicant_id,
        "applicant_type": submission.applicant_type,
        "city": submission.city,
        "country": submission.country,
        "organisation": submission.organisation,
        "on_behalf_of_city": submission.on_behalf_of_city,
    }


async def assignment_summary(store: ReviewStore, assignment: AssignmentDoc) -> dict[str, Any]:
    submission = await submission_of(store, assignment)
    return {
        "assignment_id": assignment.assignment_id,
        "round": assignment.round,
        "title": submission.title,
        "category": submission.category,
        "due_at": assignment.due_at.isoformat(),
        "scored": assignment.revision > 0,
        "revision": assignment.revision,
    }


async def assignment_detail(
    store: ReviewStore,
    contests: ContestBucket,
    files: FileLinks,
    judge: JudgeCaller,
    assignment_id: str,
) -> dict[str, Any]:
    assignment = await my_assignment(store, judge, assignment_id)
    submission = await submission_of(store, assignment)
    contest = await contest_of(contests, assignment.contest_id)
    state = await store.state(assignment.contest_id)
    identity = identity_of(submission)
    signed_at = datetime.now(UTC)
    listed = []
    for number, stored in enumerate(submission.files, start=1):
        file: dict[str, Any] = {
            "file": number,
            "content_type": stored.content_type,
            "size": stored.size,
            "sha256": stored.sha256,
            "url": await files.link(stored.object_key, signed_at=signed_at),
            "expires_at": (signed_at + files.lifetime).isoformat(),
        }
        if not contest.blind_review:
            file["name"] = stored.name
        listed.append(file)
    rubric = contest.rubric_for(submission.category)
    return {
        "assignment_id": assignment.assignment_id,
        "round": assignment.round,
        "due_at": assignment.due_at.isoformat(),
        "open": assignment.round in state.open_rounds
        and assignment.round not in state.closed_rounds,
        "blind": contest.blind_review,
        "submission": {
            "submission_id": submission.submission_id,
            "version": assignment.submission_version,
            **submission_view(submission.application, identity, blind=contest.blind_review),
        },
        "files": listed,
        "rubric": {
            "scale": rubric.scale.model_dump(),
            "criteria": [
                {"slug": c.slug, "name": c.name, "description": c.description}
                for c in rubric.criteria
            ],
        },
        "scores": assignment.scores,
        "comment": assignment.comment,
        "revision": assignment.revision,
    }
