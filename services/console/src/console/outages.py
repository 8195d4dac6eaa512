"""What a page says when a service refuses a command or does not answer: the reason in the
staff member's language, never a stack trace. A refusal is 409 with its kind and detail (the
service's words); a value the contracts refuse is 422; review silent is 503; archive silent
or refusing is 502."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from faststream.exceptions import FastStreamException
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError
from pydantic import ValidationError

from console.archive import ArchiveUnavailableError
from console.commands import RefusedError
from console.context import Console
from console.guard import message, viewer_of
from console.sessions import COOKIE


def install_outage_pages(app: FastAPI, console: Console) -> None:
    def said(request: Request, key: str, status: int, **values: object) -> Response:
        session = console.sessions.get(request.cookies.get(COOKIE))
        return message(request, viewer_of(request, session), key, status, **values)

    @app.exception_handler(RefusedError)
    async def refused(request: Request, error: RefusedError) -> Response:
        return said(request, "command", 409, kind=error.kind, detail=error.detail)

    @app.exception_handler(ArchiveUnavailableError)
    async def archive_down(request: Request, error: ArchiveUnavailableError) -> Response:
        return said(request, "archive", 502, answered=error.status)

    @app.exception_handler(ValidationError)
    async def invalid(request: Request, error: ValidationError) -> Response:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return said(request, "invalid", 422, detail=detail)

    async def review_down(request: Request, _: Exception) -> Response:
        return said(request, "silent", 503)

    for silent in (NatsTimeoutError, NoRespondersError, TimeoutError, FastStreamException):
        app.add_exception_handler(silent, review_down)
