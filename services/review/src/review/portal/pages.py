"""The portal's pages for a signed-in judge: my assignments, a submission and its files.
Scoring and conflicts are in `review.portal.forms`. Anything not the judge's own answers the
same 404 page as something that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from contracts.contest import Contest
from review.context import Review
from review.domain.views import submission_view
from review.judge_views import identity_of, mine, my_assignment, submission_of
from review.portal import sessions
from review.portal.access import message
from review.portal.listing import by_round, row, state_of
from review.portal.render import Viewer, page
from review.portal.showing import details, download_name, shown_files
from review.portal.viewer import judge_viewer
from review.records import AssignmentDoc, SessionDoc, SubmissionDoc
from servicekit.problems import ProblemError


def slug_names(contest: Contest) -> dict[str, str]:
    """Category and sector slugs to their names in the contest file."""
    return {
        **{sector.slug: sector.name for sector in contest.sectors},
        **{category.slug: category.name for category in contest.categories},
    }


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


def build_pages(review: Review) -> APIRouter:
    router = APIRouter(prefix="/judge", include_in_schema=False)

    @router.get("/")
    async def assignments(request: Request, notice: str = "") -> Response:
        try:
            session, viewer = await signed_in(review, request)
        except Unsigned:
            return message(request, "signin.needed", 401)
        contest = await review.contest(session.contest_id)
        now = datetime.now(UTC)
        rows = []
        for assignment in await mine(review, sessions.caller(session)):
            submission = await submission_of(review, assignment)
            rows.append(
                (assignment.round, row(assignment, submission.title, submission.category, now))
            )
        categories = {c.slug: c.name for c in contest.categories}
        # Only a notice of the catalogue, never text from the address.
        said = viewer.words(notice) if notice == "conflict.recorded" else ""
        return page(
            request, "list.html", viewer, rounds=by_round(rows), categories=categories, notice=said
        )

    @router.get("/assignments/{assignment_id}")
    async def submission_page(assignment_id: str, request: Request) -> Response:
        v = await visited(review, request, assignment_id)
        if not isinstance(v, Visit):
            return v
        session, viewer, assignment, submission = v.session, v.viewer, v.assignment, v.submission
        contest = await review.contest(session.contest_id)
        blind = contest.blind_review
        view = submission_view(submission.application, identity_of(submission), blind=blind)
        # The page shows the version assigned; the newest tells whether it was amended since.
        newest = await review.store.submissions.get(session.contest_id, submission.submission_id)
        newest_version = newest.version if newest is not None else submission.version
        category = contest.category(submission.category).name
        t = viewer.words
        return page(
            request,
            "submission.html",
            viewer,
            assignment_id=assignment_id,
            title=submission.title,
            category=category,
            due_at=assignment.due_at,
            state=state_of(assignment),
            blind=blind,
            amended=newest_version > assignment.submission_version,
            assigned_version=assignment.submission_version,
            newest_version=newest_version,
            details=details(view, slug_names(contest), t),
            files=shown_files(submission.files, assignment_id, t, blind=blind),
        )

    @router.get("/assignments/{assignment_id}/files/{number}")
    async def file(assignment_id: str, number: int, request: Request) -> Response:
        """The file streamed from object storage: a PDF inline, anything else as a download,
        named without the applicant's identity in a blind contest."""
        v = await visited(review, request, assignment_id)
        if not isinstance(v, Visit):
            return v
        session, viewer, submission = v.session, v.viewer, v.submission
        if not 1 <= number <= len(submission.files):
            return not_found(request, viewer)
        stored = submission.files[number - 1]
        blind = (await review.contest(session.contest_id)).blind_review
        name = download_name(stored, number, blind=blind)
        how = "inline" if stored.content_type == "application/pdf" else "attachment"
        return StreamingResponse(
            review.files.chunks(stored.object_key),
            media_type=stored.content_type,
            headers={
                "Content-Disposition": f"{how}; filename*=UTF-8''{quote(name)}",
                "Content-Length": str(stored.size),
                # Chromium's PDF viewer needs more than the pages' policy allows.
                "Content-Security-Policy": "frame-ancestors 'none'",
            },
        )

    return router
