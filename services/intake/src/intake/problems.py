"""Every problem the applicant API answers with: a stable `type` per cause (RFC 9457).

The catalogue is also the OpenAPI: each status lists an example of each of its problems.
"""

from __future__ import annotations

from typing import Any, Final

from servicekit.openapi_extras import PROBLEM_SCHEMA as SHARED_PROBLEM_SCHEMA
from servicekit.openapi_extras import problem_responses as catalogue_responses
from servicekit.problems import ProblemError
from servicekit.signin_limits import API_REFUSAL, refusal_problem

RETRY_AFTER: Final = "Retry-After"
EXAMPLE_INSTANCE: Final = "/v1/contests/seoul-smart-city-prize-2027/submissions"

CATALOGUE: Final[dict[str, tuple[int, str]]] = {
    "malformed-request": (400, "The request is not a well-formed multipart submission"),
    "idempotency-key-invalid": (400, "The Idempotency-Key header must be 1 to 255 characters"),
    "invalid-api-key": (401, "Missing, unknown or revoked API key"),
    "wrong-contest": (403, "This API key belongs to another contest"),
    "contest-not-found": (404, "No such contest"),
    "submission-not-found": (404, "No such submission"),
    "window-closed": (409, "The submission window is closed"),
    "version-conflict": (409, "The submission has a newer version than If-Match names"),
    "amendment-under-review": (
        409,
        "Judges are reading this submission; the contest refuses amendments once it is assigned",
    ),
    "idempotency-key-in-flight": (409, "A request with this Idempotency-Key is still running"),
    "body-too-large": (413, "The request body is larger than this contest allows"),
    "file-too-large": (413, "A file is larger than this contest allows"),
    "submission-too-large": (413, "The files together are larger than this contest allows"),
    "not-multipart": (415, "The body must be multipart/form-data"),
    "file-type-not-allowed": (415, "A file's bytes are not of an allowed type"),
    "file-name-mismatch": (415, "A file's name does not end as its detected type does"),
    "form-invalid": (422, "The application form is invalid"),
    "file-name-invalid": (422, "A file name cannot be kept"),
    "empty-file": (422, "A file is empty"),
    "too-many-files": (422, "More files than this contest allows"),
    "unsafe-archive": (422, "A ZIP-based file is unreadable or expands too far"),
    "city-cap-reached": (422, "This city has reached the contest's cap on applications"),
    "idempotency-key-reused": (422, "This Idempotency-Key was used with another body"),
    "rate-limited": (429, "Too many requests for this API key"),
    # Raised by servicekit's SignInFailures; listed here so the OpenAPI documents it.
    **refusal_problem(API_REFUSAL),
    "storage-unavailable": (503, "Object storage is unavailable; nothing was accepted"),
    "broker-unavailable": (503, "The message broker is unavailable; nothing was accepted"),
    "status-unavailable": (503, "Submission status cannot be answered right now"),
    "submission-contended": (
        503,
        "Too many submissions for this city at once; nothing was accepted",
    ),
}


def problem(
    kind: str, detail: str = "", *, headers: dict[str, str] | None = None, **extensions: Any
) -> ProblemError:
    status, title = CATALOGUE[kind]
    return ProblemError(status, kind, title, detail, headers=headers, **extensions)


def unavailable(kind: str, detail: str, retry_after: int) -> ProblemError:
    return problem(kind, detail, headers={RETRY_AFTER: str(retry_after)})


_EXAMPLE_EXTENSIONS: Final[dict[str, dict[str, Any]]] = {
    "form-invalid": {
        "errors": [
            {"field": "sectors.0", "message": "not a sector of this category", "type": "x"},
            {"field": "consent", "message": "consent must be given (true)", "type": "x"},
        ]
    },
    "file-too-large": {"limit": 26214400, "file": "annex.pdf"},
    "version-conflict": {"current_version": 2},
    "amendment-under-review": {"assigned_version": 1},
}

# servicekit's problem schema, with intake's field errors: a list of {field, message}.
PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    **SHARED_PROBLEM_SCHEMA,
    "properties": {
        **SHARED_PROBLEM_SCHEMA["properties"],
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}


def problem_responses(*statuses: int) -> dict[int | str, Any]:
    """OpenAPI `responses` for these statuses, one named example per problem type."""
    chosen = {kind: entry for kind, entry in CATALOGUE.items() if entry[0] in statuses}
    return catalogue_responses(
        chosen, EXAMPLE_INSTANCE, schema=PROBLEM_SCHEMA, extensions=_EXAMPLE_EXTENSIONS
    )
