"""The API documentation every service serves, working without internet.

`/docs` is Swagger UI whose script, styles and icon come from the `swagger-ui-bundle-v2`
package and are served by the service itself under `/docs/assets/` (FastAPI's default page
loads them from a CDN and renders blank offline: issue 18). `/openapi.json` is FastAPI's.
`/asyncapi.json` is the AsyncAPI 3.0 document of the domain events (`contracts.asyncapi`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from contracts.asyncapi import asyncapi_document
from servicekit.version import VERSION

ASSETS = "/docs/assets"


def install_api_docs(app: FastAPI, title: str) -> None:
    """Call on an app built with `docs_url=None, redoc_url=None`."""
    router = APIRouter(tags=["documentation"])
    events = asyncapi_document(VERSION)

    @router.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    @router.get(
        "/asyncapi.json",
        summary="AsyncAPI 3.0 document of the domain events (subjects, payload schemas)",
        response_description="The AsyncAPI document",
    )
    async def asyncapi() -> dict[str, Any]:
        return events

    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
