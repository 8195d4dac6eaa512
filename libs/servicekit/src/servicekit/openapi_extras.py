"""Helpers for what FastAPI cannot infer into a service's OpenAPI: problem+json error
responses with an example per `type`, security schemes, media types other than JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI

from servicekit.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

Document = dict[str, Any]
Problems = dict[str, tuple[int, str]]  # kind -> (status, title)

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {},
    },
}
RETRY_AFTER_HEADER = {"schema": {"type": "integer"}, "description": "Seconds to wait."}


def problem_responses(
    problems: Problems,
    instance: str,
    *,
    schema: Mapping[str, Any] = PROBLEM_SCHEMA,
    extensions: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[int | str, Any]:
    """OpenAPI `responses`, one per status (keyed as FastAPI's `responses=` takes them), each
    with one named example per problem kind; `extensions` adds a kind's own members to its
    example (`{"current_version": 2}`)."""
    responses: dict[int | str, Any] = {}
    for kind, (status, title) in problems.items():
        entry = responses.setdefault(
            str(status),
            {
                "description": "",
                "content": {PROBLEM_MEDIA_TYPE: {"schema": schema, "examples": {}}},
            },
        )
        value = {"type": PROBLEM_BASE + kind, "title": title, "status": status}
        own = (extensions or {}).get(kind, {})
        examples = entry["content"][PROBLEM_MEDIA_TYPE]["examples"]
        examples[kind] = {"summary": title, "value": {**value, "instance": instance, **own}}
        entry["description"] = " / ".join(e["summary"] for e in examples.values())
        if status in (429, 503):
            entry["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
    return responses


def operations(document: Document, prefix: str = "/") -> list[tuple[str, dict[str, Any]]]:
    """(path, operation) for every operation whose path starts with `prefix`."""
    return [
        (path, operation)
        for path, item in document.get("paths", {}).items()
        if path.startswith(prefix)
        for operation in item.values()
        if isinstance(operation, dict) and "responses" in operation
    ]


def refine_openapi(app: FastAPI, *steps: Callable[[Document], None]) -> None:
    """Let `steps` edit the generated document once; the result is cached like FastAPI's."""
    generate = app.openapi

    def openapi() -> Document:
        if app.openapi_schema is None:
            document = generate()
            for step in steps:
                step(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def validation_as_problem(kind: str, title: str) -> Callable[[Document], None]:
    """FastAPI documents `422` as `{"detail": [...]}`; the services answer problem+json."""

    def step(document: Document) -> None:
        for path, operation in operations(document):
            if "422" in operation["responses"]:
                problem = problem_responses({kind: (422, title)}, path)["422"]
                operation["responses"]["422"] = problem

    return step
