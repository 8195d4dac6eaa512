"""What the console's sections share: a router under `/console` with the section's page for
any signed-in staff member, and the field every form carries (the session's form token)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from console.context import Console
from console.guard import reader
from console.render import ROOT, Viewer

PageShow = Callable[[Console, Request, Viewer], Awaitable[Response]]


def section_router(console: Console, path: str, show: PageShow) -> APIRouter:
    """A section's router, its page at `path` shown by `show` to any role."""
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get(path)
    async def section_page(request: Request) -> Response:
        _, viewer = reader(console, request)
        return await show(console, request, viewer)

    return router


class StaffForm(BaseModel):
    """A posted form's fields (`Annotated[SomeForm, Form()]`); every one carries the session's
    form token, which `guard.actor` checks before anything is sent. Fields a browser may
    leave out have defaults, so a missing one is the page's own error, not a 422."""

    csrf: str = ""
