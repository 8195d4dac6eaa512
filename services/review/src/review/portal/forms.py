"""The portal's forms: scoring (save a draft or submit) and declaring a conflict. Each POST
carries the session's form token; a field that is wrong comes back with the message beside
it and in a summary at the top linking to it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from review.context import Review
from review.portal import sessions
from review.portal.access import message
from review.portal.judging import RoundClosedError, declare_conflict, round_open, save_draft
from review.portal.pages import Visit, opened, visited
from review.portal.render import page
from review.portal.sheet import Typed, checked, read_form
from review.portal.viewer import form_token_ok
from review.records import AssignmentDoc
from review.scoring import record_scores
from servicekit.problems import ProblemError

REASON_LIMIT = 1000


def typed_of(assignment: AssignmentDoc) -> Typed:
    """What the form starts with: the saved draft, else the submitted scores, else nothing."""
    if assignment.draft is not None:
        d = assignment.draft
        return Typed(scores=dict(d.scores), comments=dict(d.comments), comment=d.comment)
    return Typed(
        scores={slug: f"{value:g}" for slug, value in assignment.scores.items()},
        comments=dict(assignment.criterion_comments),
        comment=assignment.comment,
    )


async def posted(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def build_forms(review: Review) -> APIRouter:
    router = APIRouter(prefix="/judge", include_in_schema=False)

    async def visit(request: Request, assignment_id: str) -> Visit | Response:
        return await visited(review, request, assignment_id)

    async def score_page(
        request: Request,
        v: Visit,
        typed: Typed,
        errors: dict[str, str],
        notice: str = "",
        status: int = 200,
    ) -> Response:
        contest = await review.contest(v.assignment.contest_id)
        rubric = contest.rubric_for(v.submission.category)
        scale, t = rubric.scale, v.viewer.words
        bounds: dict[str, Any] = {
            "low": f"{scale.min:g}",
            "high": f"{scale.max:g}",
            "step": f"{scale.step:g}",
        }
        hint_key = "score.criterion.hint" if scale.step == 1 else "score.criterion.hint_step"
        if not notice and v.assignment.draft is not None and v.assignment.revision > 0:
            notice = t("score.draft_pending")
        return page(
            request,
            "score.html",
            v.viewer,
            status,
            assignment_id=v.assignment.assignment_id,
            title=v.submission.title,
            category=contest.category(v.submission.category).name,
            criteria=rubric.criteria,
            hint=t(hint_key, **bounds),
            typed=typed,
            errors=errors,
            notice=notice,
            open=round_open(await review.store.state(v.assignment.contest_id), v.assignment),
            **bounds,
        )

    async def reloaded(v: Visit) -> Visit:
        assignment, submission = await opened(review, v.session, v.assignment.assignment_id)
        return Visit(v.session, v.viewer, assignment, submission)

    @router.get("/assignments/{assignment_id}/score")
    async def score_form(assignment_id: str, request: Request) -> Response:
        v = await visit(request, assignment_id)
        if isinstance(v, Response):
            return v
        return await score_page(request, v, typed_of(v.assignment), {})

    @router.post("/assignments/{assignment_id}/score")
    async def score(assignment_id: str, request: Request) -> Response:
        v = await visit(request, assignment_id)
        if isinstance(v, Response):
            return v
        form = await posted(request)
        if not form_token_ok(form.get("csrf"), v.session):
            return message(request, "forbidden", 403)
        contest = await review.contest(v.assignment.contest_id)
        rubric = contest.rubric_for(v.submission.category)
        typed, t, judge = read_form(form, rubric), v.viewer.words, sessions.caller(v.session)
        if form.get("action") == "draft":
            try:
                await save_draft(review, judge, assignment_id, typed)
            except RoundClosedError:
                return await score_page(request, v, typed, {}, status=409)
            return await score_page(request, await reloaded(v), typed, {}, t("score.saved"))
        scores, errors = checked(typed, rubric, t)
        if errors:
            return await score_page(request, v, typed, errors, status=422)
        try:
            revision = await record_scores(
                review, judge, assignment_id, scores, typed.comment, typed.comments
            )
        except ProblemError as refused:
            return await score_page(request, v, typed, {}, status=refused.status)
        fresh = await reloaded(v)
        notice = t("score.submitted", revision=revision)
        return await score_page(request, fresh, typed_of(fresh.assignment), {}, notice)

    @router.get("/assignments/{assignment_id}/conflict")
    async def conflict_form(assignment_id: str, request: Request) -> Response:
        v = await visit(request, assignment_id)
        if isinstance(v, Response):
            return v
        return page(
            request,
            "conflict.html",
            v.viewer,
            assignment_id=assignment_id,
            title=v.submission.title,
            errors={},
            reason="",
        )

    @router.post("/assignments/{assignment_id}/conflict")
    async def conflict(assignment_id: str, request: Request) -> Response:
        v = await visit(request, assignment_id)
        if isinstance(v, Response):
            return v
        form = await posted(request)
        if not form_token_ok(form.get("csrf"), v.session):
            return message(request, "forbidden", 403)
        reason, t = form.get("reason", "").strip(), v.viewer.words
        errors = {}
        if not reason:
            errors["reason"] = t("error.reason.missing")
        elif len(reason) > REASON_LIMIT:
            errors["reason"] = t("error.reason.long")
        if errors:
            return page(
                request,
                "conflict.html",
                v.viewer,
                422,
                assignment_id=assignment_id,
                title=v.submission.title,
                errors=errors,
                reason=reason,
            )
        await declare_conflict(review, sessions.caller(v.session), assignment_id, reason)
        return RedirectResponse("/judge/?notice=conflict.recorded", status_code=303)

    return router
