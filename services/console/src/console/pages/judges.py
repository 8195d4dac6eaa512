"""Judges: the list with load and conflicts, import by upload (every bad line named), a
judge's conflicts with their source, pin a conflict, withdraw a judge (showing what moves)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response

from console.context import Console
from console.guard import actor, reader
from console.pages.sections import StaffForm, form_page, section_router
from console.render import ROOT, Viewer, page
from contracts.judge_files import read_judge_file
from contracts.review_commands import (
    CheckConflicts,
    ConflictReport,
    ImportJudges,
    JudgeList,
    JudgesImported,
    ListJudges,
    Moved,
    PinConflict,
    ReviewCommand,
    WithdrawJudge,
)

# A judge file larger than this is refused before it is read (16,000 judges fit in it).
MAX_FILE_BYTES = 2 * 1024 * 1024


async def judges_page(
    console: Console, request: Request, viewer: Viewer, status: int = 200, **shown: object
) -> Response:
    listed = await console.commands(
        ReviewCommand.JUDGES_LIST, ListJudges(contest_id=console.contest_id), JudgeList
    )
    values: dict[str, object] = {
        "errors": {},
        "file_errors": (),
        "imported": None,
        "moved": None,
        "withdrawn": "",
    }
    values.update(shown)
    return page(
        request, "judges.html", viewer, status, section="judges", judges=listed.judges, **values
    )


async def judge_page(
    console: Console,
    request: Request,
    viewer: Viewer,
    judge_id: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    moved: Moved | None = None,
) -> Response:
    """One judge's conflicts, each with its source, and the form to pin one."""
    command = CheckConflicts(contest_id=console.contest_id, judge_id=judge_id)
    report = await console.commands(ReviewCommand.CONFLICTS_CHECK, command, ConflictReport)
    shown = {"section": "judges", "errors": errors, "report": report, "moved": moved}
    return form_page(request, "judge.html", viewer, status, **shown)


class Withdrawal(StaffForm):
    reason: str = ""


class Pin(StaffForm):
    submission_id: str = ""
    conflicted: str = "yes"
    reason: str = ""


def build_judges(console: Console) -> APIRouter:
    router = section_router(console, "/judges", judges_page)

    @router.post("/judges/import")
    async def import_judges(
        request: Request, file: UploadFile | None = None, csrf: Annotated[str, Form()] = ""
    ) -> Response:
        session, viewer = actor(console, request, csrf)
        content = await file.read(MAX_FILE_BYTES + 1) if file else b""
        name = (file.filename if file else "") or "judges"
        read = read_judge_file(name, content[:MAX_FILE_BYTES])
        errors = list(read.errors)
        if len(content) > MAX_FILE_BYTES:
            errors = [viewer.words("judges.too_large", megabytes=MAX_FILE_BYTES // 2**20)]
        if errors:
            summary = {"file": viewer.words("judges.file_errors", name=name, count=len(errors))}
            return await judges_page(
                console, request, viewer, 422, errors=summary, file_errors=errors
            )
        command = ImportJudges(
            contest_id=console.contest_id, judges=read.judges, requested_by=session.name
        )
        done = await console.commands(ReviewCommand.JUDGES_IMPORT, command, JudgesImported)
        return await judges_page(console, request, viewer, imported=done)

    @router.get("/judges/{judge_id}")
    async def conflicts(request: Request, judge_id: str) -> Response:
        _, viewer = reader(console, request)
        return await judge_page(console, request, viewer, judge_id)

    return router


def build_judge_changes(console: Console) -> APIRouter:
    """Withdrawing a judge and pinning a conflict: each shows what moved."""
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.post("/judges/{judge_id}/withdraw")
    async def withdraw(
        request: Request, judge_id: str, form: Annotated[Withdrawal, Form()]
    ) -> Response:
        session, viewer = actor(console, request, form.csrf)
        reason = form.reason.strip()
        if not reason:
            errors = {f"reason-{judge_id}": viewer.words("judges.reason_needed")}
            return await judges_page(console, request, viewer, 422, errors=errors)
        command = WithdrawJudge(
            contest_id=console.contest_id,
            judge_id=judge_id,
            reason=reason,
            decided_by=session.name,
        )
        moved = await console.commands(ReviewCommand.JUDGE_WITHDRAW, command, Moved)
        return await judges_page(console, request, viewer, moved=moved, withdrawn=judge_id)

    @router.post("/judges/{judge_id}/pin")
    async def pin(request: Request, judge_id: str, form: Annotated[Pin, Form()]) -> Response:
        session, viewer = actor(console, request, form.csrf)
        reason, submission_id = form.reason.strip(), form.submission_id.strip()
        if not reason or not submission_id:
            errors = {"pin-reason": viewer.words("judges.pin_needed")}
            return await judge_page(console, request, viewer, judge_id, 422, errors=errors)
        command = PinConflict.model_validate(
            {
                "contest_id": console.contest_id,
                "judge_id": judge_id,
                "submission_id": submission_id,
                "conflicted": form.conflicted == "yes",
                "reason": reason,
                "decided_by": session.name,
            }
        )
        moved = await console.commands(ReviewCommand.CONFLICT_PIN, command, Moved)
        return await judge_page(console, request, viewer, judge_id, moved=moved)

    return router
