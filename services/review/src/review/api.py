"""The judge API: my assignments, one of them (blind when the contest is), my scores.

Anything not assigned to the caller answers 404, exactly like something that does not exist.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from review.depends import ContestsOf, FilesOf, PublishOf, SignInsOf, StoreOf
from review.judge_auth import JudgeCaller, authenticate
from review.judge_views import assignment_detail, assignment_summary, mine
from review.scoring import record_scores
from servicekit.signin_limits import client_of

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


# Strict: JSON `true` or `"7"` is not a score (lax pydantic would store 1.0 and 7.0), and
# `1e309` parses to infinity, which is not a point on any scale (issue 16, kind 7).
Score = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class ScoreSheet(BaseModel):
    """A judge's sheet; an unknown field is refused so a misspelt key never passes silently."""

    model_config = ConfigDict(extra="forbid")

    scores: dict[str, Score] = Field(description="Every rubric criterion, on the contest's scale.")
    comment: StrictStr = Field(default="", max_length=5000)


class Scored(BaseModel):
    assignment_id: str
    revision: int


router = APIRouter(prefix="/v1/judge", tags=["judges"])
_bearer = HTTPBearer(auto_error=False)


async def caller(
    request: Request,
    store: StoreOf,
    sign_ins: SignInsOf,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> JudgeCaller:
    return await authenticate(store, sign_ins, credentials, client_of(request))


Caller = Annotated[JudgeCaller, Depends(caller)]


@router.get("/assignments", summary="My assignments", responses={401: PROBLEM, 429: PROBLEM})
async def list_assignments(judge: Caller, store: StoreOf) -> list[dict[str, Any]]:
    return [await assignment_summary(store, a) for a in await mine(store, judge)]


@router.get(
    "/assignments/{assignment_id}",
    summary="One of my assignments: the submission (blind if the contest is), files, rubric",
    responses={401: PROBLEM, 404: PROBLEM, 429: PROBLEM},
)
async def open_assignment(
    assignment_id: str, judge: Caller, store: StoreOf, contests: ContestsOf, files: FilesOf
) -> dict[str, Any]:
    return await assignment_detail(store, contests, files, judge, assignment_id)


@router.put(
    "/assignments/{assignment_id}/scores",
    summary="Submit or replace my scores until the round closes",
    responses={401: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM, 429: PROBLEM},
)
async def put_scores(
    assignment_id: str,
    sheet: ScoreSheet,
    judge: Caller,
    store: StoreOf,
    contests: ContestsOf,
    publish: PublishOf,
) -> Scored:
    revision = await record_scores(
        store, contests, publish, judge, assignment_id, sheet.scores, sheet.comment
    )
    return Scored(assignment_id=assignment_id, revision=revision)
