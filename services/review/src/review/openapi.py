"""Examples and every problem of the judge API in review's OpenAPI (FastAPI infers neither)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from servicekit.openapi_extras import Document, operations, problem_responses, refine_openapi
from servicekit.signin_limits import PAGES_REFUSAL, refusal_problem

JUDGE = "/v1/judge/"
AUTH = {
    "token-missing": (401, "A judge's bearer token is required"),
    "token-invalid": (401, "The token is unknown or has expired"),
    **refusal_problem(PAGES_REFUSAL),
}
NOT_MINE = {"assignment-not-found": (404, "No such assignment of yours")}
SCORING = {
    "round-closed": (409, "The round is closed to scoring"),
    "score-conflict": (409, "Your scores were replaced meanwhile; reload"),
    "request-invalid": (422, "The request is invalid"),
    "scores-invalid": (422, "The scores do not fit the rubric"),
}
SUMMARY: dict[str, Any] = {
    "assignment_id": "as-2027-expert-s-3f2b8c0d-j-kim",
    "round": "expert-panel",
    "title": "Tallinn Mobility as a Service",
    "category": "tech-innovacity",
    "due_at": "2027-05-01T23:59:00+00:00",
    "scored": False,
    "revision": 0,
}
DETAIL: dict[str, Any] = {
    "assignment_id": SUMMARY["assignment_id"],
    "round": "expert-panel",
    "due_at": SUMMARY["due_at"],
    "open": True,
    "blind": True,
    "submission": {"submission_id": "s-3f2b8c0d", "version": 2, "title": SUMMARY["title"]},
    "files": [
        {
            "file": 1,
            "content_type": "application/pdf",
            "size": 482113,
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "url": "https://s3.example.org/cityprize-submissions/...&X-Amz-Signature=...",
            "expires_at": "2027-04-02T10:15:00+00:00",
        }
    ],
    "rubric": {"criteria": ["problem-centred-innovation", "value-generation"]},
}
SHEET = {"scores": {"problem-centred-innovation": 8, "value-generation": 7.5}, "comment": "Clear."}
EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("get", f"{JUDGE}assignments"): {"200": [SUMMARY]},
    ("get", f"{JUDGE}assignments/{{assignment_id}}"): {"200": DETAIL},
    ("put", f"{JUDGE}assignments/{{assignment_id}}/scores"): {
        "200": {"assignment_id": SUMMARY["assignment_id"], "revision": 1},
        "request": SHEET,
    },
}


def _complete_judge_api(document: Document) -> None:
    for path, operation in operations(document, JUDGE):
        responses = operation["responses"]
        responses.update(problem_responses(AUTH, path))
        if "{assignment_id}" in path:
            responses.update(problem_responses(NOT_MINE, path))
        if path.endswith("/scores"):
            responses.update(problem_responses(SCORING, path))
        elif "422" in responses:
            responses.update(
                problem_responses({"request-invalid": SCORING["request-invalid"]}, path)
            )
    for (method, path), examples in EXAMPLES.items():
        operation = document["paths"][path][method]
        operation["responses"]["200"]["content"]["application/json"]["example"] = examples["200"]
        if "request" in examples:
            body = operation["requestBody"]["content"]["application/json"]
            body["example"] = examples["request"]


def install_openapi(app: FastAPI) -> None:
    refine_openapi(app, _complete_judge_api)
