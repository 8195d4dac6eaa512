"""Demo step: register the applicants (staff CLI commands) and let them apply over HTTP."""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
from nats.aio.client import Client

from cityprize import bus
from cityprize.demo.data import DemoApplicant, same_named
from cityprize.demo.documents import pdf_with_text, png_gradient
from contracts.envelope import Contact
from contracts.intake_commands import APPLICANT_ADD, AddApplicant, ApplicantKey


@dataclass(frozen=True)
class Applied:
    applicant: DemoApplicant
    applicant_id: str
    submission_id: str
    files: int


async def register(client: Client, contest_id: str, applicant: DemoApplicant) -> ApplicantKey:
    contact = Contact(
        name=applicant.contact_name, email=applicant.email, language=applicant.language
    )
    command = AddApplicant(
        **same_named(applicant, AddApplicant), contest_id=contest_id, contact=contact
    )
    return await bus.request(client, APPLICANT_ADD, command, ApplicantKey)


def application_form(applicant: DemoApplicant) -> dict[str, object]:
    summary = (
        # Never the city: the contest is judged blind, and judges read the summary.
        f"{applicant.title}. A project that is measured, open and replicable: "
        "it started with residents' needs, has a costed plan, and reports its outcomes yearly."
    )
    form: dict[str, object] = {
        "applicant_type": applicant.applicant_type,
        "category": applicant.category,
        "sectors": list(applicant.sectors),
        "title": applicant.title,
        "summary": summary,
        "project": {
            "start": "2023-03-01",
            "end": "2026-12-31",
            "budget": {"amount": 1_500_000, "currency": "USD"},
        },
        "partners": ["WeGO member network"],
        "contact": {
            "name": applicant.contact_name,
            "email": applicant.email,
            "phone": "+82 2 000 0000",
        },
        "language": applicant.language,
        "consent": True,
    }
    if applicant.on_behalf_of_city:
        form["on_behalf_of_city"] = applicant.on_behalf_of_city
    return form


def documents(applicant: DemoApplicant, seed: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    overview = pdf_with_text(
        applicant.title,
        [
            f"Applicant: {applicant.name} ({applicant.city}, {applicant.country})",
            f"Category: {applicant.category}",
            "Problem, approach, budget, implementation, learning and outcomes, in brief.",
        ],
    )
    parts = [
        ("files", ("project-overview.pdf", overview, "application/pdf")),
        ("files", ("site-photo.png", png_gradient(320, 180, seed), "image/png")),
    ]
    if applicant.on_behalf_of_city:
        letter = pdf_with_text(
            f"Endorsement letter from {applicant.on_behalf_of_city}",
            [f"The city endorses the application of {applicant.name}."],
        )
        parts.append(("endorsement", ("endorsement-letter.pdf", letter, "application/pdf")))
    return parts


async def apply(
    http: httpx.AsyncClient,
    intake: str,
    contest_id: str,
    key: ApplicantKey,
    applicant: DemoApplicant,
    seed: int,
) -> Applied:
    files = documents(applicant, seed)
    response = await http.post(
        f"{intake}/v1/contests/{contest_id}/submissions",
        headers={"Authorization": f"Bearer {key.api_key}", "Idempotency-Key": f"demo-{seed}"},
        files=[
            ("application", (None, json.dumps(application_form(applicant)), "application/json")),
            *files,
        ],
    )
    if response.status_code != 201:
        raise RuntimeError(f"{applicant.key}: {response.status_code} {response.text}")
    body = response.json()
    return Applied(applicant, key.applicant_id, body["submission_id"], len(files))
