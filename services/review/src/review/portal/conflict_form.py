"""The portal's form for declaring a conflict of interest with an assignment: a reason is
required (at most `REASON_LIMIT` characters); the conflict is then recorded as declared by
the judge and the judge is sent back to their list with a notice."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from review.depends import ContestsOf, PublishOf, StoreOf
from review.portal import sessions
from review.portal.i18n import Words
from review.portal.judging import declare_conflict
from review.portal.visits import PostedOf, Visit, VisitOf, assignment_page

REASON_LIMIT = 1000

router = APIRouter(prefix="/judge", include_in_schema=False)


def reason_errors(reason: str, t: Words) -> dict[str, str]:
    """The reason's error beside its field, if any: missing, or over `REASON_LIMIT`."""
    if not reason:
        return {"reason": t("error.reason.missing")}
    if len(reason) > REASON_LIMIT:
        return {"reason": t("error.reason.long")}
    return {}


def conflict_page(
    request: Request, v: Visit, errors: dict[str, str], reason: str, status: int = 200
) -> Response:
    return assignment_page(request, "conflict.html", v, status, errors=errors, reason=reason)


@router.get("/assignments/{assignment_id}/conflict")
async def conflict_form(request: Request, v: VisitOf) -> Response:
    return conflict_page(request, v, {}, "")


@router.post("/assignments/{assignment_id}/conflict")
async def conflict(
    request: Request,
    store: StoreOf,
    contests: ContestsOf,
    publish: PublishOf,
    posted: PostedOf,
) -> Response:
    v, form = posted.visit, posted.form
    reason = form.get("reason", "").strip()
    errors = reason_errors(reason, v.viewer.words)
    if errors:
        return conflict_page(request, v, errors, reason, 422)
    judge = sessions.caller(v.session)
    await declare_conflict(store, contests, publish, judge, v.assignment.assignment_id, reason)
    return RedirectResponse("/judge/?notice=conflict.recorded", status_code=303)
