"""The security headers of every server-rendered page (the judge portal, the applicant
pages, the staff console): no inline script or style anywhere, so none is allowed; nothing
may frame a page; no address leaks in a Referer; nothing is cached (the pages show a
person's own data). `install_page_surface` mounts a surface's assets with them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from servicekit.pages import STATIC_PACKAGE

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def install_page_headers(app: FastAPI, prefix: str) -> None:
    """Every response under `prefix` gets the headers it does not set itself (a file a PDF
    viewer opens sets a looser policy of its own)."""

    @app.middleware("http")
    async def page_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path.startswith(prefix):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response


def install_page_surface(app: FastAPI, prefix: str, static: Path, name: str) -> None:
    """Pages under `prefix`: their assets at `<prefix>/static` (the service's own `static`
    folder first, then servicekit's shared stylesheet) and the headers above on every
    response under `prefix`."""
    app.mount(
        f"{prefix}/static", StaticFiles(directory=static, packages=[STATIC_PACKAGE]), name=name
    )
    install_page_headers(app, prefix)
