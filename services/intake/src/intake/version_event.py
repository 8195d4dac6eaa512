"""The event of one accepted version, and the checks across its parts."""

from __future__ import annotations

from typing import Any

from contracts.contest import Contest
from contracts.envelope import Contact, StoredFile, utc_now
from contracts.events import SubmissionAmended, SubmissionReceived, SubmissionVersion
from intake.applicants import Applicant
from intake.domain.form import needs_endorsement
from intake.gate import Admitted
from intake.problems import problem
from intake.uploads import Upload

ENDORSEMENT_PART = "endorsement"


def form_invalid(errors: list[dict[str, str]]) -> Exception:
    return problem("form-invalid", f"{len(errors)} field(s) are invalid", errors=errors)


def check_parts(contest: Contest, applicant: Applicant, upload: Upload) -> None:
    errors: list[dict[str, str]] = []
    if not any(f.part == "files" for f in upload.files):
        errors.append({"field": "files", "message": "at least one file", "type": "missing"})
    endorsed = any(f.part == ENDORSEMENT_PART for f in upload.files)
    if needs_endorsement(contest, applicant.applicant_type) and not endorsed:
        message = "the city's endorsement letter must be attached as part `endorsement`"
        errors.append({"field": "endorsement", "message": message, "type": "missing"})
    if errors:
        raise form_invalid(errors)


def version_event(
    admitted: Admitted, upload: Upload, submission_id: str, version: int, prefix: str
) -> SubmissionVersion:
    """`upload` read in full, its form validated (`Upload.valid_form`)."""
    contest, applicant, application = admitted.contest, admitted.applicant, upload.valid_form
    kind = SubmissionReceived if version == 1 else SubmissionAmended
    fields: dict[str, Any] = {
        "contest_id": contest.id,
        "occurred_at": utc_now(),
        "submission_id": submission_id,
        "version": version,
        "applicant_id": applicant.applicant_id,
        "applicant_type": applicant.applicant_type,
        "category": application.category,
        "sectors": tuple(application.sectors),
        "title": application.title,
        "city": applicant.city,
        "country": applicant.country,
        "organisation": applicant.organisation,
        "on_behalf_of_city": application.on_behalf_of_city,
        "contact": Contact(
            name=application.contact.name,
            email=application.contact.email,
            language=application.language,
        ),
        "files": tuple(
            StoredFile(
                name=f.name,
                size=f.size,
                sha256=f.sha256,
                content_type=f.content_type,
                object_key=f.object_key,
            )
            for f in upload.files
        ),
        "manifest_key": prefix + "manifest.json",
        "application": application.model_dump(mode="json"),
        "endorsement_key": next(
            (f.object_key for f in upload.files if f.part == ENDORSEMENT_PART), None
        ),
    }
    return kind(**fields)
