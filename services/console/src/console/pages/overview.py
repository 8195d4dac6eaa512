"""The contest overview: window, submissions by state, category and country, reviews, and
the next step to take."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from console.context import Console
from console.guard import reader
from console.render import ROOT, page
from console.views.overview import overview
from contracts.review_commands import ContestStatus, ReviewCommand, StatusQuery

# Archive answers at most this many rows a request; the overview reads this many pages at most.
PAGE_ROWS, MAX_PAGES = 500, 40


async def every_row(console: Console, **criteria: str) -> list[dict[str, Any]]:
    """Archive's submission rows of the contest matching `criteria`, page by page."""
    rows: list[dict[str, Any]] = []
    params = {"contest_id": console.contest_id, "limit": str(PAGE_ROWS), **criteria}
    for number in range(MAX_PAGES):
        listed = await console.archive.get(
            "/v1/archive/submissions", {**params, "offset": str(number * PAGE_ROWS)}
        )
        rows.extend(listed["items"])
        if len(listed["items"]) < PAGE_ROWS:
            break
    return rows


async def status_of(console: Console) -> ContestStatus:
    return await console.commands(
        ReviewCommand.STATUS, StatusQuery(contest_id=console.contest_id), ContestStatus
    )


def build_overview(console: Console) -> APIRouter:
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get("/")
    async def contest_overview(request: Request) -> Response:
        _, viewer = reader(console, request)
        status = await status_of(console)
        contest = await console.contest(console.contest_id)
        rows = await every_row(console)
        view = overview(status, contest, rows, datetime.now(UTC))
        return page(request, "overview.html", viewer, view=view, contest_id=console.contest_id)

    return router
