"""What the console's sections share: a router under `/console` with the section's page for
any signed-in staff member, a page with its form errors, the field every form
carries (the session's form token), and a secretariat member's command to review."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from console.commands import Reply
from console.context import Console
from console.guard import actor, reader
from console.render import ROOT, Viewer, page
from contracts.review_commands import Requested

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


def form_page(
    request: Request, template: str, viewer: Viewer, status: int = 200, **values: object
) -> Response:
    """A page with forms: `errors` among `values` (field id to message) stand beside their
    fields and in the summary; a page shown afresh (`errors` None or left out) has none."""
    errors = values.get("errors") or {}
    return page(request, template, viewer, status, **{**values, "errors": errors})


async def requested(
    console: Console,
    request: Request,
    form: StaffForm,
    subject: str,
    command: type[Requested],
    reply: type[Reply],
    **fields: object,
) -> tuple[Reply, Viewer]:
    """A secretariat member's `command` (`guard.actor` checks the role and the form's token)
    for the console's contest, naming who asked, and review's reply."""
    session, viewer = actor(console, request, form.csrf)
    named = {"contest_id": console.contest_id, "requested_by": session.name, **fields}
    return await console.commands(subject, command.model_validate(named), reply), viewer
