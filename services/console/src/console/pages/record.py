"""The record: the archive's hash-chain verification, the exports as downloads, and the
leaderboard as of any moment."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from console.context import Console
from console.guard import PageRefused, reader
from console.render import ROOT, page
from console.views.results import rankings


def as_of_moment(value: str) -> datetime | None:
    """A date-time field read in UTC, or None (now) when empty or not a date."""
    try:
        moment = datetime.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise PageRefused(422, "bad_moment") from None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def build_record(console: Console) -> APIRouter:
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get("/record")
    async def record(request: Request, as_of: str = "") -> Response:
        _, viewer = reader(console, request)
        moment = as_of_moment(as_of)
        chain = await console.archive.get("/v1/archive/chain", {"contest_id": console.contest_id})
        params = {"as_of": moment.isoformat()} if moment else {}
        board = await console.archive.get(
            f"/v1/archive/contests/{console.contest_id}/leaderboard", params
        )
        return page(
            request,
            "record.html",
            viewer,
            section="record",
            chain=chain,
            rounds=rankings(board),
            as_of=as_of,
            board_as_of=board.get("as_of", ""),
        )

    @router.get("/record/export.{kind}")
    async def export(request: Request, kind: Literal["csv", "json"]) -> Response:
        reader(console, request)
        chunks = console.archive.export(kind, {"contest_id": console.contest_id})
        name = f"{console.contest_id}-submissions.{kind}"
        return StreamingResponse(
            chunks,
            media_type="text/csv" if kind == "csv" else "application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
