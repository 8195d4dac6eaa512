"""A signed-in judge's visit to one of their assignments, or the page that says why not:
401 without a session, 404 for anything not the judge's own (the same page as something that
does not exist), 403 for a form posted without the session's form token."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from review.context import Review
from review.judge_views import my_assignment, submission_of
from review.portal import sessions
from review.portal.access import message
from review.portal.render import Viewer, page
from review.portal.viewer import form_token_ok, judge_viewer
from review.records import AssignmentDoc, SessionDoc, SubmissionDoc
from servicekit.problems import ProblemError


class Unsigned(Exception):  # noqa: N818 - a page outcome, not an error of the code
    """No session: the page says how to sign in."""


async def signed_in(review: Review, request: Request) -> tuple[SessionDoc, Viewer]:
    session = await sessions.current(review, request)
    if session is None:
        raise Unsigned
    return session, await judge_viewer(review, request, session)


async def opened(
    review: Review, session: SessionDoc, assignment_id: str
) -> tuple[AssignmentDoc, SubmissionDoc]:
    """The judge's own active assignment and its submission; ProblemError 404 otherwise."""
    assignment = await my_assignment(review, sessions.caller(session), assignment_id)
    return assignment, await submission_of(review, assignment)


@dataclass(frozen=True)
class Visit:
    session: SessionDoc
    viewer: Viewer
    assignment: AssignmentDoc
    submission: SubmissionDoc


async def visited(review: Review, request: Request, assignment_id: str) -> Visit | Response:
    """The signed-in judge's own assignment, or the page that says why not (401 or 404)."""
    try:
        session, viewer = await signed_in(review, request)
    except Unsigned:
        return message(request, "signin.needed", 401)
    try:
        assignment, submission = await opened(review, session, assignment_id)
    except ProblemError:
        return not_found(request, viewer)
    return Visit(session, viewer, assignment, submission)


async def reloaded(review: Review, v: Visit) -> Visit:
    """The same visit with the assignment and submission read again (after a write)."""
    assignment, submission = await opened(review, v.session, v.assignment.assignment_id)
    return Visit(v.session, v.viewer, assignment, submission)


async def posted_to(
    review: Review, request: Request, assignment_id: str
) -> tuple[Visit, dict[str, str]] | Response:
    """A form posted on the judge's own assignment with the session's form token: the visit
    and the form's text fields; else the page that says why not (401, 404 or 403)."""
    v = await visited(review, request, assignment_id)
    if isinstance(v, Response):
        return v
    form = {k: f for k, f in (await request.form()).items() if isinstance(f, str)}
    if not form_token_ok(form.get("csrf"), v.session):
        return message(request, "forbidden", 403)
    return v, form


def not_found(request: Request, viewer: Viewer) -> HTMLResponse:
    t = viewer.words
    return page(
        request,
        "message.html",
        viewer,
        404,
        heading=t("not_found.title"),
        body=t("not_found.body"),
        new_link_token="",
        form_token="",
        show_assignments=True,
    )


def assignment_page(
    request: Request, template: str, v: Visit, status: int = 200, **values: object
) -> HTMLResponse:
    """A page about the visited assignment: `values` with its id and the submission's title."""
    return page(
        request,
        template,
        v.viewer,
        status,
        assignment_id=v.assignment.assignment_id,
        title=v.submission.title,
        **values,
    )
