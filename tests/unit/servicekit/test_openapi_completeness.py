"""Review's and archive's OpenAPI say what their APIs answer: an example for every body and
success, an example per problem of every error, the security scheme, the true media types."""

from __future__ import annotations

from typing import Any

import pytest

from archive.main import create_app as create_archive
from archive.settings import ArchiveSettings
from review.main import create_app as create_review
from review.settings import ReviewSettings

PROBLEM = "application/problem+json"


def document(service: str) -> dict[str, Any]:
    app = (
        create_archive(ArchiveSettings())
        if service == "archive"
        else create_review(ReviewSettings())
    )
    return app.openapi()


def api_operations(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operation)
        for path, item in doc["paths"].items()
        if path.startswith("/v1/")
        for operation in item.values()
    ]


@pytest.mark.parametrize("service", ["review", "archive"])
def test_every_operation_has_examples_for_its_bodies_successes_and_problems(service: str):
    doc = document(service)
    for path, operation in api_operations(doc):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            assert "example" in media or "examples" in media, path
        responses = operation["responses"]
        assert "401" in responses, f"{path} says nothing of a refused credential"
        for status, response in responses.items():
            for media_type, media in response.get("content", {}).items():
                if status.startswith("2"):
                    assert "example" in media or "examples" in media, (path, status)
                else:
                    assert media_type == PROBLEM, (path, status)
                    kinds = [e["value"]["type"] for e in media["examples"].values()]
                    assert kinds, (path, status)
                    assert all(k.startswith("urn:cityprize:problem:") for k in kinds)


def test_archive_declares_its_staff_bearer_token_and_every_staff_problem():
    doc = document("archive")
    scheme = doc["components"]["securitySchemes"]["staffToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, operation in api_operations(doc):
        assert operation["security"] == [{"staffToken": []}], path
        assert {"401", "429", "503"} <= set(operation["responses"]), path
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_archive_lists_its_csv_export_as_text_csv():
    doc = document("archive")
    answer = doc["paths"]["/v1/archive/exports/submissions.csv"]["get"]["responses"]["200"]
    assert list(answer["content"]) == ["text/csv"]
    assert answer["content"]["text/csv"]["example"].startswith("contest_id,submission_id")
