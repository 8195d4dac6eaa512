"""`/healthz` (the process is alive, and which version it runs), `/readyz` (its broker and its
own storage answer). Prometheus metrics are on their own port (`servicekit.metrics`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from servicekit.version import VERSION

ReadinessCheck = Callable[[], Awaitable[bool]]
logger = logging.getLogger("servicekit.health")


async def _run_check(name: str, check: ReadinessCheck, timeout: float) -> tuple[str, str]:
    try:
        ok = await asyncio.wait_for(check(), timeout)
    except Exception as exc:
        logger.warning("readiness check failed", extra={"check": name, "error": type(exc).__name__})
        return name, f"failing: {type(exc).__name__}"
    return name, "ok" if ok else "failing"


def health_router(checks: Mapping[str, ReadinessCheck], *, timeout: float) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="Liveness: the process answers, with the version it runs")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": VERSION}

    @router.get("/readyz", summary="Readiness: the broker and the service's storage answer")
    async def readyz() -> JSONResponse:
        results = dict(
            await asyncio.gather(*(_run_check(n, c, timeout) for n, c in checks.items()))
        )
        ready = all(state == "ok" for state in results.values())
        body = {"status": "ready" if ready else "not ready", "checks": results}
        return JSONResponse(body, status_code=200 if ready else 503)

    return router
