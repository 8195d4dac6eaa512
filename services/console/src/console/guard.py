"""Who may see and do what: every page needs a staff session; every form needs the session's
form token (CSRF) and the secretariat role (an observer's form is refused with a 403 page,
whatever it asks). A refusal is raised as `PageRefused` and rendered by `refused_page`."""

from __future__ import annotations

import hmac

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.context import Console
from console.render import SURFACE, Viewer, words_for
from console.sessions import COOKIE, StaffSession


class PageRefused(Exception):  # noqa: N818 - a page outcome, not an error of the code
    """`key` names the message in the catalogue (`refused.<key>.title` and `.body`)."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


def viewer_of(request: Request, session: StaffSession | None) -> Viewer:
    words = words_for(request)
    if session is None:
        return Viewer(words)
    return Viewer(words, name=session.name, csrf=session.csrf, role=session.role)


def reader(console: Console, request: Request) -> tuple[StaffSession, Viewer]:
    """The signed-in staff member, any role; `PageRefused(401)` otherwise."""
    session = console.sessions.get(request.cookies.get(COOKIE))
    if session is None:
        raise PageRefused(401, "signin_needed")
    return session, viewer_of(request, session)


def actor(console: Console, request: Request, csrf: str) -> tuple[StaffSession, Viewer]:
    """A secretariat member whose form carries their session's form token."""
    session, viewer = reader(console, request)
    if not session.may_change:
        raise PageRefused(403, "observer")
    if not hmac.compare_digest(csrf.encode(), session.csrf.encode()):
        raise PageRefused(403, "forbidden")
    return session, viewer


def refused_page(console: Console, request: Request, refused: PageRefused) -> Response:
    """A page saying why; a visitor without a session is sent to the sign-in page."""
    if refused.status == 401:
        return RedirectResponse("/console/sign-in", status_code=303)
    session = console.sessions.get(request.cookies.get(COOKIE))
    return message(request, viewer_of(request, session), refused.key, refused.status)


def message(
    request: Request, viewer: Viewer, key: str, status: int, **values: object
) -> HTMLResponse:
    """A page saying why: `refused.<key>.title` and `.body` in the catalogue."""
    return SURFACE.message(request, viewer, f"refused.{key}", status, None, **values)
