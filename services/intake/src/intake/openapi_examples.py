"""Examples for the OpenAPI document (and for tests that need a valid form)."""

from __future__ import annotations

from typing import Any

SUBMISSION_ID_EXAMPLE = "3f2b8c0d9e5a4f1b8c7d6e5f4a3b2c1d"


def example_application() -> dict[str, Any]:
    return {
        "applicant_type": "city_government",
        "category": "tech-innovacity",
        "sectors": ["mobility"],
        "title": "Demand-responsive buses for the outer districts",
        "summary": "A city-run fleet of on-demand minibuses booked by app and phone. " * 3,
        "project": {
            "start": "2025-01-01",
            "end": "2026-06-30",
            "budget": {"amount": "1250000.00", "currency": "EUR"},
        },
        "partners": ["Metropolitan Transit Authority"],
        "contact": {"name": "Jane Doe", "email": "jane.doe@example.org", "phone": "+49 30 1234567"},
        "language": "en",
        "consent": True,
    }


def _json_example(summary: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": {
            "application/json": {"examples": {"example": {"summary": summary, "value": value}}}
        }
    }


PUBLIC_CONTEST_EXAMPLE = _json_example(
    "The Seoul Smart City Prize, abridged",
    {
        "id": "seoul-smart-city-prize-2027",
        "name": "Seoul Smart City Prize 2027",
        "window": {"opens_at": "2027-03-02T00:00:00Z", "closes_at": "2027-05-31T09:00:00Z"},
        "categories": [
            {
                "slug": "leadership",
                "name": "Leadership",
                "description": "",
                "sectors": [],
                "rubric": "main",
                "pool": "main",
                "finalists": 5,
            }
        ],
        "sectors": [{"slug": "mobility", "name": "Mobility"}],
        "applicant_types": [
            {
                "slug": "individual",
                "name": "Individual",
                "categories": ["leadership"],
                "requires_endorsement": False,
            }
        ],
        "file_rules": {
            "allowed_content_types": ["application/pdf", "image/png"],
            "max_file_bytes": 26214400,
            "max_submission_bytes": 104857600,
            "max_files": 10,
            "max_name_length": 255,
            "zip": {
                "max_uncompressed_bytes": 209715200,
                "max_compression_ratio": 100,
                "max_entries": 1000,
            },
        },
        "form_limits": {
            "title_min_length": 5,
            "title_max_length": 200,
            "summary_min_length": 100,
            "summary_max_length": 3000,
            "max_partners": 20,
        },
        "languages": ["en", "ko"],
    },
)

STATUS_EXAMPLE = _json_example(
    "Screened eligible after one amendment",
    {
        "ok": True,
        "contest_id": "seoul-smart-city-prize-2027",
        "submission_id": SUBMISSION_ID_EXAMPLE,
        "status": "eligible",
        "screening": "eligible",
        "versions": [
            {"version": 1, "received_at": "2027-03-10T08:15:00Z", "files": []},
            {"version": 2, "received_at": "2027-03-12T10:02:00Z", "files": []},
        ],
        "history": [
            {
                "event_type": "submission.received",
                "occurred_at": "2027-03-10T08:15:00Z",
                "summary": "version 1",
            },
            {
                "event_type": "submission.amended",
                "occurred_at": "2027-03-12T10:02:00Z",
                "summary": "version 2",
            },
            {
                "event_type": "submission.screened",
                "occurred_at": "2027-06-02T01:00:00Z",
                "summary": "eligible",
            },
        ],
    },
)

ACCEPTED_BODY: dict[str, Any] = {
    "contest_id": "seoul-smart-city-prize-2027",
    "submission_id": SUBMISSION_ID_EXAMPLE,
    "version": 1,
    "status": "received",
    "received_at": "2027-03-10T08:15:00Z",
    "files": [
        {
            "name": "project-overview.pdf",
            "size": 482113,
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "content_type": "application/pdf",
        }
    ],
}
ACCEPTED_EXAMPLE = _json_example("Accepted: stored, and its event will be published", ACCEPTED_BODY)
