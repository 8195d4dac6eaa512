"""What a judge sees of a submission. In a blind contest nothing that names the applicant:
an allow-list of the application's fields, and files without their names."""

from __future__ import annotations

from typing import Any

# The application's fields that describe the project rather than who proposes it.
PROJECT_FIELDS = ("title", "summary", "category", "sectors", "project", "language")
IDENTITY_FIELDS = (
    "applicant_id",
    "applicant_type",
    "city",
    "country",
    "organisation",
    "on_behalf_of_city",
    "contact",
    "partners",
)


def submission_view(
    application: dict[str, Any], identity: dict[str, Any], *, blind: bool
) -> dict[str, Any]:
    project = {name: application[name] for name in PROJECT_FIELDS if name in application}
    if blind:
        return project
    return {**application, **identity}
