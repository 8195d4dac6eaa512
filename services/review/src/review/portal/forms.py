"""The portal's scoring form: save a draft or submit. Each POST carries the session's form
token; a field that is wrong comes back with the message beside it and in a summary at the
top linking to it. Declaring a conflict is in `review.portal.conflict_form`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from contracts.contest_parts import Rubric
from review.context import Publish, contest_of
from review.depends import ContestsOf, PublishOf, StoreOf
from review.portal import sessions
from review.portal.judging import RoundClosedError, round_open, save_draft
from review.portal.sheet import Typed, checked, read_form
from review.portal.visits import PostedOf, Visit, VisitOf, assignment_page, reloaded
from review.records import AssignmentDoc
from review.scoring import record_scores
from review.store import ReviewStore
from servicekit.contests import ContestBucket
from servicekit.problems import ProblemError

router = APIRouter(prefix="/judge", include_in_schema=False)


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


def scale_bounds(rubric: Rubric) -> dict[str, Any]:
    """The rubric's scale as the page writes it: `low`, `high`, `step` (shortest form)."""
    scale = rubric.scale
    return {"low": f"{scale.min:g}", "high": f"{scale.max:g}", "step": f"{scale.step:g}"}


async def score_page(
    store: ReviewStore,
    contests: ContestBucket,
    request: Request,
    v: Visit,
    typed: Typed,
    errors: dict[str, str],
    notice: str = "",
    status: int = 200,
) -> Response:
    """The scoring form with what was typed, its errors and a notice (draft kept, saved...)."""
    contest = await contest_of(contests, v.assignment.contest_id)
    rubric = contest.rubric_for(v.submission.category)
    bounds, t = scale_bounds(rubric), v.viewer.words
    hint_key = "score.criterion.hint" if rubric.scale.step == 1 else "score.criterion.hint_step"
    if not notice and v.assignment.draft is not None and v.assignment.revision > 0:
        notice = t("score.draft_pending")
    return assignment_page(
        request,
        "score.html",
        v,
        status,
        category=contest.category(v.submission.category).name,
        criteria=rubric.criteria,
        hint=t(hint_key, **bounds),
        typed=typed,
        errors=errors,
        notice=notice,
        open=round_open(await store.state(v.assignment.contest_id), v.assignment),
        **bounds,
    )


@router.get("/assignments/{assignment_id}/score")
async def score_form(
    request: Request, store: StoreOf, contests: ContestsOf, v: VisitOf
) -> Response:
    return await score_page(store, contests, request, v, typed_of(v.assignment), {})


@router.post("/assignments/{assignment_id}/score")
async def score(
    request: Request,
    store: StoreOf,
    contests: ContestsOf,
    publish: PublishOf,
    posted: PostedOf,
) -> Response:
    v, form = posted.visit, posted.form
    contest = await contest_of(contests, v.assignment.contest_id)
    typed = read_form(form, contest.rubric_for(v.submission.category))
    if form.get("action") == "draft":
        return await keep_draft(store, contests, request, v, typed)
    return await submit_scores(store, contests, publish, request, v, typed)


async def keep_draft(
    store: ReviewStore, contests: ContestBucket, request: Request, v: Visit, typed: Typed
) -> Response:
    """Save what was typed, checked or not; 409 once the round is closed."""
    judge = sessions.caller(v.session)
    try:
        await save_draft(store, judge, v.assignment.assignment_id, typed)
    except RoundClosedError:
        return await score_page(store, contests, request, v, typed, {}, status=409)
    fresh = await reloaded(store, v)
    return await score_page(
        store, contests, request, fresh, typed, {}, v.viewer.words("score.saved")
    )


async def submit_scores(
    store: ReviewStore,
    contests: ContestBucket,
    publish: Publish,
    request: Request,
    v: Visit,
    typed: Typed,
) -> Response:
    """Check the scores against the rubric (422 with the errors), then record them as the
    judge API does (`review.scoring.record_scores`; its refusal's status is kept)."""
    contest = await contest_of(contests, v.assignment.contest_id)
    t = v.viewer.words
    scores, errors = checked(typed, contest.rubric_for(v.submission.category), t)
    if errors:
        return await score_page(store, contests, request, v, typed, errors, status=422)
    try:
        revision = await record_scores(
            store,
            contests,
            publish,
            sessions.caller(v.session),
            v.assignment.assignment_id,
            scores,
            typed.comment,
            typed.comments,
        )
    except ProblemError as refused:
        return await score_page(store, contests, request, v, typed, {}, status=refused.status)
    fresh = await reloaded(store, v)
    notice = t("score.submitted", revision=revision)
    return await score_page(store, contests, request, fresh, typed_of(fresh.assignment), {}, notice)
