"""Assignment: propose (nothing is committed), inspect the load table and histogram, the
uncovered submissions and unmet minimum loads with their reasons and the affinity; commit
the proposal shown, and see the proof stored with it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import Field

from console.context import Console
from console.guard import actor, reader
from console.pages.sections import StaffForm, form_page
from console.render import ROOT, Viewer, page
from console.views.assignment import load_view, proof_text
from contracts.review_commands import (
    CommitAssignment,
    Committed,
    ProposalView,
    ProposeAssignment,
    ReviewCommand,
)


def due_moment(value: str) -> datetime | None:
    """A date-time field ("2027-07-01T18:00", read in UTC) or None when left empty."""
    if not value.strip():
        return None
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def proposal_page(request: Request, viewer: Viewer, proposal: ProposalView) -> Response:
    return form_page(
        request,
        "assignment.html",
        viewer,
        section="assignment",
        proposal=proposal,
        loads=load_view(proposal.loads),
        proof=proof_text(proposal.proofs),
    )


class Proposing(StaffForm):
    seed: int = 0
    round_slug: str = Field(default="panel", alias="round")


class Commitment(StaffForm):
    proposal_id: str = ""
    due: str = ""
    accept_unmet: str = ""


def build_assignment(console: Console) -> APIRouter:
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get("/assignment")
    async def assignment(request: Request) -> Response:
        _, viewer = reader(console, request)
        return form_page(request, "assignment.html", viewer, section="assignment", proposal=None)

    @router.post("/assignment/propose")
    async def propose(request: Request, form: Annotated[Proposing, Form()]) -> Response:
        session, viewer = actor(console, request, form.csrf)
        command = ProposeAssignment(
            contest_id=console.contest_id,
            round=form.round_slug,
            seed=form.seed,
            requested_by=session.name,
        )
        proposal = await console.commands(ReviewCommand.ROUND_PROPOSE, command, ProposalView)
        return proposal_page(request, viewer, proposal)

    @router.post("/assignment/commit")
    async def commit(request: Request, form: Annotated[Commitment, Form()]) -> Response:
        session, viewer = actor(console, request, form.csrf)
        command = CommitAssignment.model_validate(
            {
                "contest_id": console.contest_id,
                "requested_by": session.name,
                "proposal_id": form.proposal_id,
                "due_at": due_moment(form.due),
                "accept_unmet_min_loads": form.accept_unmet == "yes",
            }
        )
        done = await console.commands(ReviewCommand.ROUND_COMMIT, command, Committed)
        return page(
            request,
            "committed.html",
            viewer,
            section="assignment",
            committed=done,
            proof=proof_text(done.proofs),
        )

    return router
