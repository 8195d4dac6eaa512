"""The screening queue: flagged submissions with their reasons; a staff decision needs a note,
which the `screening.overridden` event keeps with who decided."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from console.context import Console
from console.guard import actor, reader
from console.pages.overview import every_row
from console.pages.sections import StaffForm, form_page, requested
from console.render import ROOT, Viewer
from contracts.review_commands import (
    OverrideScreening,
    Published,
    ReviewCommand,
    ScreeningSummary,
    ScreenRound,
)

OUTCOMES = ("eligible", "ineligible")


async def queue(
    console: Console,
    request: Request,
    viewer: Viewer,
    status: int = 200,
    errors: dict[str, str] | None = None,
    notice: str = "",
) -> Response:
    rows = await every_row(console, status="needs_decision")
    shown = {"section": "screening", "errors": errors, "rows": rows, "notice": notice}
    return form_page(request, "screening.html", viewer, status, **shown)


class Decision(StaffForm):
    outcome: str = ""
    note: str = ""


def build_screening(console: Console) -> APIRouter:
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get("/screening")
    async def screening(request: Request, decided: str = "") -> Response:
        _, viewer = reader(console, request)
        said = viewer.words("screening.decided", submission=decided) if decided else ""
        return await queue(console, request, viewer, notice=said)

    @router.post("/screening/{submission_id}")
    async def decide(
        request: Request, submission_id: str, form: Annotated[Decision, Form()]
    ) -> Response:
        session, viewer = actor(console, request, form.csrf)
        t = viewer.words
        errors = {}
        if form.outcome not in OUTCOMES:
            errors[f"outcome-{submission_id}"] = t("screening.outcome_needed")
        if not form.note.strip():
            errors[f"note-{submission_id}"] = t("screening.note_needed")
        if errors:
            return await queue(console, request, viewer, 422, errors)
        command = OverrideScreening.model_validate(
            {
                "contest_id": console.contest_id,
                "submission_id": submission_id,
                "outcome": form.outcome,
                "reason": form.note.strip(),
                "decided_by": session.name,
            }
        )
        await console.commands(ReviewCommand.SCREENING_OVERRIDE, command, Published)
        return RedirectResponse(f"{ROOT}/screening?decided={submission_id}", status_code=303)

    @router.post("/screening-again")
    async def screen_again(request: Request, form: Annotated[StaffForm, Form()]) -> Response:
        summary, viewer = await requested(
            console, request, form, ReviewCommand.ROUND_SCREEN, ScreenRound, ScreeningSummary
        )
        said = viewer.words("screening.rescreened", changed=summary.changed)
        return await queue(console, request, viewer, notice=said)

    return router
