"""What FastAPI cannot infer into archive's OpenAPI: the staff bearer token, every problem
the staff API answers, the CSV export's media type, and examples."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from archive.exports import COLUMNS, export_row
from servicekit.openapi_extras import (
    Document,
    operations,
    problem_responses,
    refine_openapi,
    validation_as_problem,
)
from servicekit.signin_limits import API_REFUSAL, refusal_problem

STAFF = "/v1/archive/"
STAFF_PROBLEMS = {
    "staff-unauthorized": (401, "A staff bearer token is required"),
    **refusal_problem(API_REFUSAL),
    "staff-api-disabled": (503, "The staff API is off"),
}
NOT_FOUND = {"submission-not-found": (404, "No such submission")}
NAIVE_TIME = {"naive-time": (422, "as_of needs a time zone")}
ROW_EXAMPLE: dict[str, Any] = {
    "contest_id": "seoul-smart-city-prize-2027",
    "submission_id": "s-3f2b8c0d",
    "applicant_id": "a-tallinn",
    "category": "tech-innovacity",
    "status": "eligible",
    "country": "EE",
    "city": "Tallinn",
}
_RECORD = {**ROW_EXAMPLE, "peer_groups": ["region:europe"], "scores": [], "decisions": []}
CSV_EXAMPLE = ",".join(COLUMNS) + "\n" + ",".join(export_row(_RECORD)) + "\n"


C = "seoul-smart-city-prize-2027"
RANKING = {"tech-innovacity": [{"submission_id": "s-3f2b8c0d", "rank": 1, "score": 1.21}]}
SUCCESS_EXAMPLES: dict[str, Any] = {
    "contests/{contest_id}/submissions/{submission_id}": {
        "submission": {**ROW_EXAMPLE, "versions": [{"version": 1}, {"version": 2}]},
        "as_judged": [{"round": "expert-panel", "judge_id": "j-kim", "version": 2}],
        "events": [{"event_type": "submission.received", "occurred_at": "2027-03-10T08:15:00Z"}],
    },
    "contests/{contest_id}/rounds/{round_slug}/as-judged": {
        "round": "expert-panel",
        "snapshots": [{"submission_id": "s-3f2b8c0d", "judge_id": "j-kim", "version": 2}],
    },
    "contests/{contest_id}/results": {
        "contest_id": C,
        "rounds": [{"round": "committee", "rankings": RANKING, "winners": {}}],
    },
    "contests/{contest_id}/leaderboard": {
        "contest_id": C,
        "as_of": "2027-06-01T00:00:00+00:00",
        "rounds": {"expert-panel": {"published": False, "rankings": RANKING}},
    },
    "chain": {
        "ok": True,
        "intact": True,
        "contests": [{"contest_id": C, "checked": 1042, "unsealed": 0, "intact": True}],
        "complete": True,
    },
}


def _secure_staff_routes(document: Document) -> None:
    components = document.setdefault("components", {})
    components.setdefault("securitySchemes", {})["staffToken"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "STAFF_TOKEN; `cityprize up` writes it to var/staff-token (0600).",
    }
    for path, operation in operations(document, STAFF):
        operation["security"] = [{"staffToken": []}]
        operation["responses"].update(problem_responses(STAFF_PROBLEMS, path))
        if "{submission_id}" in path:
            operation["responses"].update(problem_responses(NOT_FOUND, path))


def _media_types_and_examples(document: Document) -> None:
    paths = document["paths"]
    csv_ok = paths[f"{STAFF}exports/submissions.csv"]["get"]["responses"]["200"]
    csv_ok["description"] = "Every matching submission record, one CSV row each, streamed."
    csv_ok["content"] = {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}}
    json_ok = paths[f"{STAFF}exports/submissions.json"]["get"]["responses"]["200"]
    json_ok["description"] = "Every matching submission record as a JSON array, streamed."
    json_ok["content"] = {
        "application/json": {
            "schema": {"type": "array", "items": {"type": "object"}},
            "example": [ROW_EXAMPLE],
        }
    }
    for route, example in SUCCESS_EXAMPLES.items():
        ok = paths[f"{STAFF}{route}"]["get"]["responses"]["200"]["content"]
        ok["application/json"]["example"] = example
    listed = paths[f"{STAFF}submissions"]["get"]["responses"]["200"]["content"]
    listed["application/json"]["example"] = {"items": [ROW_EXAMPLE], "offset": 0, "limit": 100}
    board = paths[f"{STAFF}contests/{{contest_id}}/leaderboard"]["get"]["responses"]
    board["422"]["content"]["application/problem+json"]["examples"].update(
        problem_responses(NAIVE_TIME, "/v1/archive/contests/c/leaderboard")["422"]["content"][
            "application/problem+json"
        ]["examples"]
    )


def install_openapi(app: FastAPI) -> None:
    refine_openapi(
        app,
        validation_as_problem("invalid-request", "The request is invalid"),
        _secure_staff_routes,
        _media_types_and_examples,
    )
