"""Routing and framework errors as problem+json, so no answer of any service is `{"detail": ...}`.

Starlette answers an unknown path `404`, a known path with another method `405`, and any
`HTTPException` a route raises with a JSON `detail`; each becomes a problem document with a
stable `type` here. A `405`'s `Allow` lists the methods of every route on that path: Starlette
names only the first partially matching route's (issue 18: a GET-and-PUT path advertised
`Allow: PUT`). Unhandled exceptions answer a `500` problem (the traceback is still logged).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from servicekit.problems import ProblemError, problem_response

METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
# Stable `type` per status Starlette itself can raise; anything else is `http-<status>`.
KINDS: dict[int, tuple[str, str]] = {
    400: ("bad-request", "The request is not well-formed"),
    401: ("unauthorized", "Authentication is required"),
    403: ("forbidden", "This credential may not do that"),
    404: ("not-found", "No such resource"),
    405: ("method-not-allowed", "This resource does not answer that method"),
    413: ("body-too-large", "The request body is too large"),
    415: ("unsupported-media-type", "The request body's media type is not accepted"),
    500: ("internal-error", "The server failed to answer; nothing was changed by this error"),
}


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers on this path, sorted.

    Asked of each route through its public `matches` per method, since included routers
    (FastAPI wraps them) do not expose their routes' methods.
    """
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]


def http_problem(status: int, detail: str) -> ProblemError:
    kind, title = KINDS.get(status, (f"http-{status}", "The request could not be answered"))
    return ProblemError(status, kind, title, detail)


def invalid_request(exc: RequestValidationError) -> ProblemError:
    """`422 invalid-request`, one `{"location", "message"}` per invalid field (the value is
    never echoed). Every app `build_app` makes answers this way unless it installs its own."""
    invalid = [
        {"location": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
        for error in exc.errors()
    ]
    return ProblemError(422, "invalid-request", "The request is invalid", errors=invalid)


def install_routing_problems(app: FastAPI) -> None:
    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        generic = exc.detail in ("Not Found", "Method Not Allowed")
        problem = http_problem(exc.status_code, "" if generic else str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        problem.headers = headers
        return problem_response(problem, request.url.path)

    async def on_unhandled(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(http_problem(500, ""), request.url.path)

    async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        # A service with its own field-level format installs its handler after this one.
        assert isinstance(exc, RequestValidationError)
        return problem_response(invalid_request(exc), request.url.path)

    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(Exception, on_unhandled)
