"""RED per HTTP route: labelled by the route template, never by the ids in the path."""

from __future__ import annotations

import httpx
from fastapi import FastAPI, HTTPException
from prometheus_client import CollectorRegistry

from servicekit.http_metrics import HttpMetrics, MeasuredRoutes


async def test_requests_are_counted_and_timed_by_route_template_and_status():
    registry = CollectorRegistry()
    app = FastAPI()
    app.add_middleware(MeasuredRoutes, metrics=HttpMetrics(registry, "intake"))

    @app.get("/v1/contests/{contest_id}/submissions/{submission_id}")
    async def status(contest_id: str, submission_id: str) -> dict[str, str]:
        if submission_id == "missing":
            raise HTTPException(404)
        return {}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        for submission in ("s-1", "s-2", "missing"):
            await c.get(f"/v1/contests/c-1/submissions/{submission}")

    route = "/v1/contests/{contest_id}/submissions/{submission_id}"
    labels = {"service": "intake", "method": "GET", "route": route}
    count = registry.get_sample_value
    assert count("cityprize_http_requests_total", {**labels, "status": "200"}) == 2
    assert count("cityprize_http_requests_total", {**labels, "status": "404"}) == 1
    assert count("cityprize_http_request_duration_seconds_count", labels) == 3
