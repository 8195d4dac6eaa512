"""Progress: per judge, reviews done, still due and overdue, with the reviews done as a chart;
send a judge a reminder now (notify); close the panel round when scoring is over."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from console.context import Console
from console.guard import actor
from console.pages.overview import every_row, status_of
from console.pages.sections import StaffForm, requested, section_router
from console.render import Viewer, page
from console.views.charts import bar_chart
from console.views.progress import overdue_by_judge
from contracts.notify_commands import JudgeReminded, NotifyCommand, RemindJudge
from contracts.review_commands import CloseRound, Published, ReviewCommand


async def progress_page(
    console: Console, request: Request, viewer: Viewer, notice: str = ""
) -> Response:
    status = await status_of(console)
    done = bar_chart((judge.judge_id, float(judge.done)) for judge in status.judges)
    overdue = overdue_by_judge(await every_row(console), datetime.now(UTC))
    return page(
        request,
        "progress.html",
        viewer,
        section="progress",
        contest_status=status,
        done_chart=done,
        overdue=overdue,
        # One id per page shown: a reminder form posted twice (a double click, a resend)
        # is one request to notify, so the judge gets one email.
        remind_request=uuid.uuid4().hex,
        notice=notice,
    )


class Reminder(StaffForm):
    judge_id: str = ""
    request_id: str = ""


def build_progress(console: Console) -> APIRouter:
    router = section_router(console, "/progress", progress_page)

    @router.post("/progress/close")
    async def close(request: Request, form: Annotated[StaffForm, Form()]) -> Response:
        _, viewer = await requested(
            console, request, form, ReviewCommand.ROUND_CLOSE, CloseRound, Published, round="panel"
        )
        return await progress_page(console, request, viewer, viewer.words("progress.closed"))

    @router.post("/progress/remind")
    async def remind(request: Request, form: Annotated[Reminder, Form()]) -> Response:
        session, viewer = actor(console, request, form.csrf)
        command = RemindJudge(
            request_id=form.request_id or uuid.uuid4().hex,
            contest_id=console.contest_id,
            judge_id=form.judge_id,
            requested_by=session.name,
        )
        sent = await console.commands(NotifyCommand.REMIND_JUDGE, command, JudgeReminded)
        said = viewer.words("progress.reminded", judge=form.judge_id, count=sent.open_reviews)
        return await progress_page(console, request, viewer, said)

    return router
