"""What a `201` says about an accepted version, and what If-Match asks of one."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from contracts.contest import Contest
from intake.problems import problem
from intake.submissions import Accepted


def accepted_body(accepted: Accepted, contest: Contest) -> dict[str, Any]:
    """The JSON of a `201` (`intake.openapi.SubmissionAccepted`)."""
    event = accepted.event
    return {
        "contest_id": contest.id,
        "submission_id": event.submission_id,
        "version": event.version,
        "status": "received",
        "received_at": event.occurred_at.isoformat(),
        "files": [
            {"name": f.name, "size": f.size, "sha256": f.sha256, "content_type": f.content_type}
            for f in event.files
        ],
    }


def accepted_response(accepted: Accepted, contest: Contest) -> JSONResponse:
    """`201` with `Location` (the submission) and `ETag` (its new version, `"2"`)."""
    event = accepted.event
    location = f"/v1/contests/{contest.id}/submissions/{event.submission_id}"
    return JSONResponse(
        accepted_body(accepted, contest),
        status_code=201,
        headers={"Location": location, "ETag": f'"{event.version}"'},
    )


def check_if_match(if_match: str | None, current: int) -> None:
    """An If-Match naming another version than `current` is a `409 version-conflict`;
    `*` or no header accepts any; anything but a version is `400 malformed-request`."""
    if if_match is None or if_match.strip() == "*":
        return
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise problem("malformed-request", 'If-Match must name a version, e.g. "1"')
    if int(value) != current:
        raise problem(
            "version-conflict", f"the current version is {current}", current_version=current
        )
