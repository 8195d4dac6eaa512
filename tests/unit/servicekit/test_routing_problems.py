"""Routing errors of every HTTP service are problem+json with a stable `type`, and a `405`
names every method the path answers (issue 18)."""

from __future__ import annotations

import importlib

import httpx
import pytest
from fastapi import FastAPI

from servicekit.settings import ServiceSettings

# A path of each service and the methods it answers (intake's: two routes, GET and PUT).
KNOWN_PATHS = {
    "intake": ("/v1/contests/c/submissions/s", "GET, PUT"),
    "review": ("/healthz", "GET"),
    "notify": ("/readyz", "GET"),
    "archive": ("/v1/archive/contests/c/results", "GET"),
}


def build(service: str) -> FastAPI:
    settings: type[ServiceSettings] = getattr(
        importlib.import_module(f"{service}.settings"), f"{service.capitalize()}Settings"
    )
    app: FastAPI = importlib.import_module(f"{service}.main").create_app(settings())
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc")


@pytest.mark.parametrize("service", KNOWN_PATHS)
async def test_an_unknown_path_is_a_not_found_problem(service: str) -> None:
    async with client(build(service)) as http:
        answer = await http.get("/no/such/thing")

    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:cityprize:problem:not-found"
    assert answer.json()["instance"] == "/no/such/thing"


@pytest.mark.parametrize("service", KNOWN_PATHS)
async def test_a_wrong_method_is_a_problem_that_allows_every_method_of_the_path(
    service: str,
) -> None:
    path, allowed = KNOWN_PATHS[service]
    async with client(build(service)) as http:
        answer = await http.delete(path)

    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:cityprize:problem:method-not-allowed"
    assert answer.headers["allow"] == allowed
