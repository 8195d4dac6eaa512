"""The applicant API (external contract: `BRIEF.md`, "Applicant API")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from contracts.contest import PublicContest
from servicekit.contests import ContestBucket
from servicekit.problems import ProblemError


def build_api(contests: ContestBucket) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["applicants"])

    @router.get(
        "/contests/{contest_id}",
        summary="The public part of a contest: window, categories, sectors, file rules",
        response_model=PublicContest,
        responses={404: {"content": {"application/problem+json": {}}}},
    )
    async def get_contest(contest_id: str) -> Any:
        configured = await contests.get(contest_id)
        if configured is None:
            raise ProblemError(404, "contest-not-found", "No such contest", contest_id)
        return configured.contest.public_view()

    return router
