"""The application form, generated from the contest file, to apply or to amend.

The POST is the browser's own multipart body, translated on the fly into the API's
(`intake.pages.reform`) and handed to the same application service the API uses, so the
checks, the problems and the Idempotency-Key are the API's. The key is the form's `attempt`,
a random id made for each rendering of the form: a double click sends the same one twice,
and the second answer is the first one's.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from intake.domain.form import needs_endorsement
from intake.pages.access import signed_in
from intake.pages.context import Pages, Visit
from intake.pages.fields import application_of, errors_of, one, typed_of
from intake.pages.mine import may_amend
from intake.pages.reform import Reform, Typed
from intake.pages.render import message, page
from intake.pages.sessions import form_token_ok
from intake.pages.sizes import accept, kinds, mib
from intake.receiving import Amending
from intake.submissions import Body
from servicekit.problems import ProblemError

ATTEMPT_LENGTH = 64


class ForgedFormError(Exception):
    """The form token does not match the session's: refused before any file is stored."""


def form_page(
    request: Request,
    v: Visit,
    typed: Typed,
    errors: dict[str, str],
    *,
    submission_id: str = "",
    notice: str = "",
    status: int = 200,
) -> Response:
    contest, applicant_type = v.contest, v.applicant.applicant_type
    allowed = next(t for t in contest.applicant_types if t.slug == applicant_type).categories
    rules, limits = contest.file_rules, contest.form_limits
    action = f"/apply/submissions/{submission_id}/amend" if submission_id else "/apply/new"
    values: dict[str, Any] = {
        "categories": [c for c in contest.categories if c.slug in allowed],
        "sectors": contest.sectors,
        "endorsement": needs_endorsement(contest, applicant_type),
        "limits": limits,
        "rules": rules,
        "accept": accept(rules.allowed_content_types),
        "kinds": kinds(rules.allowed_content_types),
        "max_file": mib(rules.max_file_bytes),
        "max_total": mib(rules.max_submission_bytes),
        "action": f"{action}?attempt={secrets.token_urlsafe(24)}",
        "submission_id": submission_id,
        "one": lambda name: one(typed, name),
        "many": lambda name: typed.get(name, []),
        "errors": errors,
        "notice": notice,
    }
    return page(request, "form.html", v.viewer, status, **values)


async def _typed_fields(reform: Reform) -> None:
    """When refused before the body was read, read on to the first file for what was typed."""
    if reform.started:
        return
    async for _ in reform.stream():
        if reform.form_sent:
            break


async def receive_form(
    pages: Pages, request: Request, v: Visit, submission_id: str, attempt: str
) -> Response:
    limits = pages.receiving.gate.limits
    if limits.take(v.applicant.key_id):  # the same budget as the key's API requests
        return message(request, v.viewer, "rate_limited", 429)

    def on_fields(typed: Typed) -> bytes:
        if not form_token_ok(one(typed, "csrf"), v.session):
            raise ForgedFormError
        return application_of(typed, v.applicant.applicant_type)

    try:
        reform = Reform(request.stream(), request.headers.get("content-type", ""), on_fields)
    except ProblemError:
        return message(request, v.viewer, "forbidden", 400)
    body = Body(
        reform.stream(),
        reform.content_type,
        request.headers.get("content-length"),
        f"POST {request.url.path}",
    )
    key = f"page-{attempt}" if 0 < len(attempt) <= ATTEMPT_LENGTH else None
    amending = Amending(submission_id) if submission_id else None
    try:
        answer = await pages.receiving.receive(v.admitted, body, key, amending)
    except ForgedFormError:
        return message(request, v.viewer, "forbidden", 403)
    except ProblemError as refused:
        if refused.kind == "submission-not-found":
            return message(request, v.viewer, "not_found", 404)
        try:
            await _typed_fields(reform)
        except (ForgedFormError, ProblemError):
            return message(request, v.viewer, "forbidden", 403)
        errors = errors_of(refused, v.viewer.words)
        notice = "" if errors else v.viewer.words(f"problem.{refused.kind}")
        return form_page(
            request,
            v,
            reform.typed,
            errors,
            submission_id=submission_id,
            notice=notice,
            status=refused.status,
        )
    accepted = json.loads(bytes(answer.body))
    done = "amended" if submission_id else "received"
    return RedirectResponse(
        f"/apply/submissions/{accepted['submission_id']}?notice={done}", status_code=303
    )


def build_applying(pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/apply", include_in_schema=False)
    # Each page's `v`: the signed-in visit, else the sign-in form (`SignInFirstError`).
    visit_or_sign_in = Depends(signed_in(pages))

    @router.get("/new")
    async def new_form(request: Request, v: Visit = visit_or_sign_in) -> Response:
        typed: Typed = {"language": [v.viewer.words.language]}
        return form_page(request, v, typed, {})

    @router.post("/new")
    async def apply(request: Request, v: Visit = visit_or_sign_in, attempt: str = "") -> Response:
        return await receive_form(pages, request, v, "", attempt)

    @router.get("/submissions/{submission_id}/amend")
    async def amend_form(
        submission_id: str, request: Request, v: Visit = visit_or_sign_in
    ) -> Response:
        record = await pages.own(v, submission_id)
        if record is None:
            return message(request, v.viewer, "not_found", 404)
        why_not = await may_amend(pages, v, submission_id)
        manifest = await pages.store.get_json(record.versions[-1].manifest_key) or {}
        typed = typed_of(manifest.get("event", {}).get("application", {}))
        notice = v.viewer.words(why_not) if why_not else ""
        return form_page(request, v, typed, {}, submission_id=submission_id, notice=notice)

    @router.post("/submissions/{submission_id}/amend")
    async def amend(
        submission_id: str, request: Request, v: Visit = visit_or_sign_in, attempt: str = ""
    ) -> Response:
        return await receive_form(pages, request, v, submission_id, attempt)

    return router
