"""My submissions: the list (or the sign-in form), and one submission with its state, its
versions and what changed between them, its files, the emails sent, and the deadline.
Anything not the applicant's own answers the same 404 page as something that does not exist.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from contracts.queries import SubmissionStatus
from intake.pages.access import sign_in_page, signed_in
from intake.pages.changes import Changes, changes
from intake.pages.context import Pages, Visit, visit
from intake.pages.fields import field_of
from intake.pages.render import message, page
from intake.pages.sizes import mib
from intake.status import StatusUnavailableError, ask_archive, local_status
from intake.submission_repository import SubmissionRecord

NOTICES = ("received", "amended")


async def status_of(pages: Pages, record: SubmissionRecord) -> tuple[SubmissionStatus, bool]:
    """Archive's answer over request-reply, as the API's GET asks it; intake's own record
    while archive has not caught up or does not answer (then False: "may be behind")."""
    receiving = pages.receiving
    try:
        answer = await ask_archive(
            receiving.gate.broker, record, receiving.settings.status_timeout_seconds
        )
    except StatusUnavailableError:
        return local_status(record), False
    if isinstance(answer, SubmissionStatus):
        return answer, True
    return local_status(record), False


async def may_amend(pages: Pages, v: Visit, submission_id: str) -> str:
    """ "" when an amendment is possible now, else the catalogue key saying why not."""
    if not v.contest.is_open(datetime.now(UTC)):
        return "submission.amend.closed"
    refuses = v.contest.amendment_after_assignment == "refuse"
    assignments = pages.receiving.assignments
    if refuses and await assignments.assigned(v.contest.id, submission_id) is not None:
        return "problem.amendment-under-review"
    return ""


async def versions_of(pages: Pages, record: SubmissionRecord) -> list[dict[str, Any]]:
    """Each version, newest first, with what changed since the one before."""
    forms = []
    for version in record.versions:
        manifest = await pages.store.get_json(version.manifest_key) or {}
        forms.append(manifest.get("event", {}).get("application", {}))
    shown = []
    for index, version in enumerate(record.versions):
        before = forms[index - 1] if index else None
        previous = record.versions[index - 1].files if index else ()
        delta = None
        if before is not None:
            found = changes(before, forms[index], previous, version.files)
            # Shown by the labels of the form's fields, each once.
            fields = tuple(dict.fromkeys(field_of(path) for path in found.fields))
            delta = Changes(fields=fields, added=found.added, removed=found.removed)
        shown.append(
            {
                "version": version.version,
                "received_at": version.received_at,
                "files": [(f.name, mib(f.size), f.content_type) for f in version.files],
                "changes": delta,
                "title": forms[index].get("title", ""),
            }
        )
    return list(reversed(shown))


def _contest_page(request: Request, template: str, v: Visit, **values: Any) -> Response:
    """A page of the visitor's contest, with the time left until its window closes."""
    left = v.viewer.words.left(v.contest.window.closes_at, datetime.now(UTC))
    return page(request, template, v.viewer, contest=v.contest, left=left, **values)


def build_mine(pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/apply", include_in_schema=False)
    # Each page's `v`: the signed-in visit, else the sign-in form (`SignInFirstError`).
    visit_or_sign_in = Depends(signed_in(pages))

    @router.get("/")
    async def my_submissions(request: Request) -> Response:
        v = await visit(pages, request)
        if v is None:
            return sign_in_page(request)
        records = await pages.receiving.records.owned_by(v.contest.id, v.applicant.applicant_id)
        rows = []
        for record in records:
            latest = record.versions[-1]
            manifest = await pages.store.get_json(latest.manifest_key) or {}
            title = manifest.get("event", {}).get("title", record.submission_id)
            rows.append((record, title, latest.received_at))
        return _contest_page(
            request, "mine.html", v, rows=rows, open=v.contest.is_open(datetime.now(UTC))
        )

    @router.get("/submissions/{submission_id}")
    async def submission(
        submission_id: str, request: Request, v: Visit = visit_or_sign_in, notice: str = ""
    ) -> Response:
        record = await pages.own(v, submission_id)
        if record is None:
            return message(request, v.viewer, "not_found", 404)
        status, current = await status_of(pages, record)
        return _contest_page(
            request,
            "submission.html",
            v,
            record=record,
            answer=status,
            current=current,
            versions=await versions_of(pages, record),
            emails=[h for h in status.history if "notification" in h.event_type],
            history=status.history,
            # Only a notice of the catalogue, never text from the address.
            notice=v.viewer.words(f"notice.{notice}") if notice in NOTICES else "",
            cannot_amend=await may_amend(pages, v, submission_id),
        )

    return router
