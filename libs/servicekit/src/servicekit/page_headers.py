"""The security headers of every server-rendered page (the judge portal, the applicant
pages): no inline script or style anywhere, so none is allowed; nothing may frame a page;
no address leaks in a Referer; nothing is cached (the pages show a person's own data)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

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
