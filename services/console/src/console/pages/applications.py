"""Applications: search and filter; one application with every version and file, screening
reasons, conflicts, reviews, emails sent, its archive record and a link to its trace."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from console.archive import ArchiveUnavailableError
from console.context import Console
from console.guard import PageRefused, reader
from console.pages.overview import every_row
from console.render import ROOT, page
from console.views.applications import Filters, matching


def build_applications(console: Console) -> APIRouter:
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get("/applications")
    async def applications(
        request: Request,
        category: str = "",
        sector: str = "",
        country: str = "",
        status: str = "",
        text: str = "",
    ) -> Response:
        _, viewer = reader(console, request)
        filters = Filters(category, sector, country.upper(), status, text)
        rows = matching(await every_row(console, **filters.archive_params()), filters)
        contest = await console.contest(console.contest_id)
        return page(
            request,
            "applications.html",
            viewer,
            section="applications",
            rows=rows,
            filters=filters,
            categories=[c.slug for c in contest.categories] if contest else [],
            sectors=[s.slug for s in contest.sectors] if contest else [],
        )

    @router.get("/applications/{submission_id}")
    async def application(request: Request, submission_id: str) -> Response:
        _, viewer = reader(console, request)
        path = f"/v1/archive/contests/{console.contest_id}/submissions/{submission_id}"
        try:
            record = await console.archive.get(path)
        except ArchiveUnavailableError as error:
            if error.status == 404:
                raise PageRefused(404, "not_found") from None
            raise
        trace = console.settings.console_trace_url
        return page(
            request,
            "application.html",
            viewer,
            section="applications",
            record=record["submission"],
            events=record["events"],
            as_judged=record["as_judged"],
            trace_url=trace,
            # What staff type in the trace UI's span filter to find this submission's spans.
            trace_filter=f"attributes['cityprize']['submission_id'] == '{submission_id}'",
        )

    return router
