"""The contest's public part (`GET /v1/contests/{id}`) as a page anyone may read."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from intake.pages.context import Pages, visit
from intake.pages.render import Viewer, message, page, words_for
from intake.pages.sizes import kinds, mib


def build_contest_page(pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/apply", include_in_schema=False)

    @router.get("/contests/{contest_id}")
    async def contest_page(contest_id: str, request: Request) -> Response:
        visiting = await visit(pages, request)
        viewer = visiting.viewer if visiting else Viewer(words=words_for(request))
        contest = await pages.contest(contest_id)
        if contest is None:
            return message(request, viewer, "not_found", 404)
        if visiting is None:
            viewer = Viewer(words=viewer.words, zone=contest.timezone)
        public = contest.public_view()
        rules = public.file_rules
        return page(
            request,
            "contest.html",
            viewer,
            contest=public,
            left=viewer.words.left(public.window.closes_at, datetime.now(UTC)),
            kinds=kinds(rules.allowed_content_types),
            max_file=mib(rules.max_file_bytes),
            max_total=mib(rules.max_submission_bytes),
        )

    return router
