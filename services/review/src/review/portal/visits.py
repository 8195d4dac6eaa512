"""A signed-in judge's visit to one of their assignments, or the page that says why not:
401 without a session, 404 for anything not the judge's own (the same page as something that
does not exist), 403 for a form posted without the session's form token.

Routes take these as FastAPI dependencies (`SignedIn`, `VisitOf`, `PostedOf`): a dependency
that cannot give its value raises `PageAnswer` with the page to show instead, which
`answer_page` (installed by `install_portal`) returns as the response."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from review.depends import StoreOf
from review.judge_views import my_assignment, submission_of
from review.portal import sessions
from review.portal.access import message
from review.portal.render import Viewer, page
from review.portal.viewer import form_token_ok, judge_viewer
from review.records import AssignmentDoc, SessionDoc, SubmissionDoc
from review.store import ReviewStore
from servicekit.problems import ProblemError


class PageAnswer(Exception):  # noqa: N818 - a page outcome, not an error of the code
    """The page that answers instead of the route (401, 403 or 404)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def answer_page(request: Request, raised: Exception) -> Response:
    """The exception handler for `PageAnswer`: its page is the response."""
    if not isinstance(raised, PageAnswer):
        raise raised
    return raised.response


@dataclass(frozen=True)
class Visit:
    session: SessionDoc
    viewer: Viewer
    assignment: AssignmentDoc
    submission: SubmissionDoc


@dataclass(frozen=True)
class Posted:
    """A form posted on the visited assignment, with its text fields."""

    visit: Visit
    form: dict[str, str]


async def signed_in(request: Request, store: StoreOf) -> tuple[SessionDoc, Viewer]:
    """The judge's session and how they read; PageAnswer 401 (how to sign in) without one."""
    session = await sessions.session_of(store, request)
    if session is None:
        raise PageAnswer(message(request, "signin.needed", 401))
    return session, await judge_viewer(store, request, session)


async def opened(
    store: ReviewStore, session: SessionDoc, assignment_id: str
) -> tuple[AssignmentDoc, SubmissionDoc]:
    """The judge's own active assignment and its submission; ProblemError 404 otherwise."""
    assignment = await my_assignment(store, sessions.caller(session), assignment_id)
    return assignment, await submission_of(store, assignment)


async def visited(store: ReviewStore, request: Request, assignment_id: str) -> Visit:
    """The signed-in judge's own assignment; PageAnswer 401 or 404 otherwise."""
    session, viewer = await signed_in(request, store)
    try:
        assignment, submission = await opened(store, session, assignment_id)
    except ProblemError:
        raise PageAnswer(not_found(request, viewer)) from None
    return Visit(session, viewer, assignment, submission)


async def visit_of(assignment_id: str, request: Request, store: StoreOf) -> Visit:
    return await visited(store, request, assignment_id)


SignedIn = Annotated[tuple[SessionDoc, Viewer], Depends(signed_in)]
VisitOf = Annotated[Visit, Depends(visit_of)]


async def posted_of(request: Request, v: VisitOf) -> Posted:
    """The posted form's text fields; PageAnswer 403 without the session's form token."""
    form = {k: f for k, f in (await request.form()).items() if isinstance(f, str)}
    if not form_token_ok(form.get("csrf"), v.session):
        raise PageAnswer(message(request, "forbidden", 403))
    return Posted(v, form)


PostedOf = Annotated[Posted, Depends(posted_of)]


async def reloaded(store: ReviewStore, v: Visit) -> Visit:
    """The same visit with the assignment and submission read again (after a write)."""
    assignment, submission = await opened(store, v.session, v.assignment.assignment_id)
    return Visit(v.session, v.viewer, assignment, submission)


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
