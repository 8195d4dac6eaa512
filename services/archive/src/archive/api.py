"""The staff HTTP API: records, history, leaderboard as of any moment, exports, the chain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import SecretStr

from archive import wide
from archive.domain.results import leaderboard
from archive.exports import csv_lines, json_lines
from archive.repository import Archive
from archive.staff_auth import staff_only
from archive.verify import verify_chain
from contracts.archive_commands import ChainReport
from contracts.envelope import Event
from contracts.events import any_event_adapter
from servicekit.problems import ProblemError
from servicekit.signin_limits import SignInFailures

LEADERBOARD_EVENTS = ["submission.received", "submission.amended", "review.scored"]
LEADERBOARD_EVENTS += ["results.published"]


def submission_criteria(
    contest_id: str | None = None,
    category: str | None = None,
    status: str | None = None,
    country: str | None = None,
    peer_group: Annotated[str | None, Query(description="e.g. region:asia-pacific")] = None,
) -> dict[str, Any]:
    given = {"contest_id": contest_id, "category": category, "status": status, "country": country}
    criteria = {field: value for field, value in given.items() if value is not None}
    if peer_group is not None:
        criteria["peer_groups"] = peer_group
    return criteria


Criteria = Annotated[dict[str, Any], Depends(submission_criteria)]


def staff_router(
    archive: Archive, token: SecretStr | None, failures: SignInFailures | None = None
) -> APIRouter:
    guard = Depends(staff_only(token, failures))
    router = APIRouter(prefix="/v1/archive", dependencies=[guard])

    @router.get("/submissions")
    async def list_submissions(
        criteria: Criteria,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,  # beyond: MongoDB refuses
    ) -> dict[str, Any]:
        cursor = archive.submissions_matching(criteria, skip=offset, limit=limit)
        return {"items": [record async for record in cursor], "offset": offset, "limit": limit}

    @router.get("/contests/{contest_id}/submissions/{submission_id}")
    async def submission_history(contest_id: str, submission_id: str) -> dict[str, Any]:
        record = await archive.submission(contest_id, submission_id)
        if record is None:
            raise ProblemError(404, "submission-not-found", "No such submission", submission_id)
        bodies = await wide.submission_bodies(archive, contest_id, submission_id)
        own = [body for body in bodies if body["event_type"] != "contest.configured"]
        events = sorted(own, key=lambda body: (body["occurred_at"], body["event_id"]))
        as_judged = await archive.snapshots(contest_id, submission_id)
        return {"submission": record, "as_judged": as_judged, "events": events}

    @router.get("/contests/{contest_id}/rounds/{round_slug}/as-judged")
    async def as_judged(
        contest_id: str, round_slug: str, judge_id: str | None = None
    ) -> dict[str, Any]:
        cursor = archive.snapshots_of_round(contest_id, round_slug, judge_id)
        return {"round": round_slug, "snapshots": [snapshot async for snapshot in cursor]}

    @router.get("/contests/{contest_id}/results")
    async def results(contest_id: str) -> dict[str, Any]:
        return {"contest_id": contest_id, "rounds": await archive.result_records(contest_id)}

    @router.get("/contests/{contest_id}/leaderboard")
    async def leaderboard_as_of(contest_id: str, as_of: datetime | None = None) -> dict[str, Any]:
        moment = _utc(as_of) if as_of else datetime.now(UTC)
        bodies = await archive.bodies_until(contest_id, LEADERBOARD_EVENTS, moment)
        events: list[Event] = [any_event_adapter.validate_python(body) for body in bodies]
        return {"contest_id": contest_id, **leaderboard(events, moment)}

    @router.get("/exports/submissions.csv")
    async def export_csv(criteria: Criteria, bom: bool = False) -> StreamingResponse:
        lines = csv_lines(archive.submissions_matching(criteria), bom=bom)
        disposition = {"Content-Disposition": 'attachment; filename="submissions.csv"'}
        return StreamingResponse(lines, media_type="text/csv", headers=disposition)

    @router.get("/exports/submissions.json")
    async def export_json(criteria: Criteria) -> StreamingResponse:
        lines = json_lines(archive.submissions_matching(criteria))
        return StreamingResponse(lines, media_type="application/json")

    @router.get("/chain")
    async def verify(contest_id: str | None = None) -> ChainReport:
        return await verify_chain(archive, contest_id)

    return router


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ProblemError(422, "naive-time", "as_of needs a time zone", moment.isoformat())
    return moment.astimezone(UTC)
