"""The portal's pages for a signed-in judge: my assignments, a submission and its files.
Scoring is in `review.portal.forms`, conflicts in `review.portal.conflict_form`. Anything not
the judge's own answers the same 404 page as something that does not exist."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from contracts.contest import Contest
from review.context import contest_of
from review.depends import ContestsOf, FilesOf, StoreOf
from review.domain.views import submission_view
from review.judge_views import identity_of, mine, submission_of
from review.portal import sessions
from review.portal.listing import Row, by_round, row, state_of
from review.portal.render import page
from review.portal.showing import details, download_name, shown_files
from review.portal.visits import SignedIn, VisitOf, assignment_page, not_found, visited
from review.records import SessionDoc
from review.store import ReviewStore

router = APIRouter(prefix="/judge", include_in_schema=False)


def slug_names(contest: Contest) -> dict[str, str]:
    """Category and sector slugs to their names in the contest file."""
    return {
        **{sector.slug: sector.name for sector in contest.sectors},
        **{category.slug: category.name for category in contest.categories},
    }


async def listed_rows(store: ReviewStore, session: SessionDoc) -> list[tuple[str, Row]]:
    """The judge's assignments as (round, row) pairs, each row as of now."""
    now = datetime.now(UTC)
    rows: list[tuple[str, Row]] = []
    for assignment in await mine(store, sessions.caller(session)):
        submission = await submission_of(store, assignment)
        rows.append((assignment.round, row(assignment, submission.title, submission.category, now)))
    return rows


@router.get("/")
async def assignments(
    request: Request, store: StoreOf, contests: ContestsOf, signed: SignedIn, notice: str = ""
) -> Response:
    session, viewer = signed
    contest = await contest_of(contests, session.contest_id)
    categories = {c.slug: c.name for c in contest.categories}
    rows = by_round(await listed_rows(store, session))
    # Only a notice of the catalogue, never text from the address.
    said = viewer.words(notice) if notice == "conflict.recorded" else ""
    return page(request, "list.html", viewer, rounds=rows, categories=categories, notice=said)


@router.get("/assignments/{assignment_id}")
async def submission_page(
    request: Request, store: StoreOf, contests: ContestsOf, v: VisitOf
) -> Response:
    assignment, submission, t = v.assignment, v.submission, v.viewer.words
    contest = await contest_of(contests, v.session.contest_id)
    blind = contest.blind_review
    view = submission_view(submission.application, identity_of(submission), blind=blind)
    # The page shows the version assigned; the newest tells whether it was amended since.
    newest = await store.submissions.get(v.session.contest_id, submission.submission_id)
    newest_version = newest.version if newest is not None else submission.version
    return assignment_page(
        request,
        "submission.html",
        v,
        category=contest.category(submission.category).name,
        due_at=assignment.due_at,
        state=state_of(assignment),
        blind=blind,
        amended=newest_version > assignment.submission_version,
        assigned_version=assignment.submission_version,
        newest_version=newest_version,
        details=details(view, slug_names(contest), t),
        files=shown_files(submission.files, assignment.assignment_id, t, blind=blind),
    )


@router.get("/assignments/{assignment_id}/files/{number}")
async def file(
    assignment_id: str,
    number: int,
    request: Request,
    store: StoreOf,
    contests: ContestsOf,
    files: FilesOf,
) -> Response:
    """The file streamed from object storage: a PDF inline, anything else as a download,
    named without the applicant's identity in a blind contest."""
    # Not a `VisitOf` dependency: a number that is not one is refused (422) before any visit.
    v = await visited(store, request, assignment_id)
    if not 1 <= number <= len(v.submission.files):
        return not_found(request, v.viewer)
    stored = v.submission.files[number - 1]
    blind = (await contest_of(contests, v.session.contest_id)).blind_review
    name = download_name(stored, number, blind=blind)
    how = "inline" if stored.content_type == "application/pdf" else "attachment"
    return StreamingResponse(
        files.chunks(stored.object_key),
        media_type=stored.content_type,
        headers={
            "Content-Disposition": f"{how}; filename*=UTF-8''{quote(name)}",
            "Content-Length": str(stored.size),
            # Chromium's PDF viewer needs more than the pages' policy allows.
            "Content-Security-Policy": "frame-ancestors 'none'",
        },
    )
