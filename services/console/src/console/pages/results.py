"""Results: rankings with raw and normalised scores side by side, each judge's scores before
and after normalisation as histograms, select finalists (with the
stability, ties and moderation flags review reports), choose the winners and publish after a
confirmation that names what will be emailed to whom."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import Field

from console.context import Console
from console.guard import actor
from console.pages.overview import every_row
from console.pages.sections import StaffForm, requested, section_router
from console.render import Viewer, page
from console.views.distributions import distributions, rubric_weights
from console.views.results import announcement, peer_groups, rankings, selection_rankings
from contracts.review_commands import (
    FinalistsView,
    Published,
    PublishResults,
    ReviewCommand,
    SelectFinalists,
)

Method = Literal["raw_mean", "median", "normalised"]
RANKED = ("eligible", "ranked", "finalist", "winner")


async def results_page(
    console: Console, request: Request, viewer: Viewer, **shown: object
) -> Response:
    contest_path = f"/v1/archive/contests/{console.contest_id}"
    board = await console.archive.get(f"{contest_path}/leaderboard")
    published = await console.archive.get(f"{contest_path}/results")
    rows = await every_row(console)
    finalists = [row for row in rows if row.get("status") == "finalist"]
    values: dict[str, object] = {"selected": None, "published": None}
    values.update(shown)
    selected = values["selected"]
    values["selection"] = selection_rankings(
        selected if isinstance(selected, FinalistsView) else None
    )
    return page(
        request,
        "results.html",
        viewer,
        200,
        section="results",
        rounds=rankings(board),
        groups=peer_groups(published),
        finalists=finalists,
        judges=distributions(rows, rubric_weights(await console.contest(console.contest_id))),
        **values,
    )


def chosen_winners(form_values: list[str]) -> dict[str, tuple[str, ...]]:
    """Checkbox values `category:submission` to the winners per category."""
    winners: dict[str, list[str]] = defaultdict(list)
    for value in form_values:
        category, _, submission_id = value.partition(":")
        if category and submission_id:
            winners[category].append(submission_id)
    return {category: tuple(ids) for category, ids in sorted(winners.items())}


class Selection(StaffForm):
    method: Method = "normalised"


class Winners(StaffForm):
    """The winners chosen, as checkbox values `category:submission`."""

    winner: list[str] = Field(default_factory=list)

    def per_category(self) -> dict[str, tuple[str, ...]]:
        return chosen_winners(self.winner)


def build_results(console: Console) -> APIRouter:
    router = section_router(console, "/results", results_page)

    @router.post("/results/finalists")
    async def finalists(request: Request, form: Annotated[Selection, Form()]) -> Response:
        subject = ReviewCommand.FINALISTS_SELECT
        selected, viewer = await requested(
            console, request, form, subject, SelectFinalists, FinalistsView, method=form.method
        )
        return await results_page(console, request, viewer, selected=selected)

    @router.post("/results/confirm")
    async def confirm(request: Request, form: Annotated[Winners, Form()]) -> Response:
        """Nothing is published yet: the page names each email publishing will send."""
        _, viewer = actor(console, request, form.csrf)
        winners = form.per_category()
        rows = [row for row in await every_row(console) if row.get("status") in RANKED]
        return page(
            request,
            "publish.html",
            viewer,
            section="results",
            winners=winners,
            told=announcement(winners, rows),
        )

    @router.post("/results/publish")
    async def publish(request: Request, form: Annotated[Winners, Form()]) -> Response:
        session, viewer = actor(console, request, form.csrf)
        command = PublishResults(
            contest_id=console.contest_id, decided_by=session.name, winners=form.per_category()
        )
        done = await console.commands(ReviewCommand.RESULTS_PUBLISH, command, Published)
        return await results_page(console, request, viewer, published=done)

    return router
