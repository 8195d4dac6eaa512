"""The page's form fields and the API's `application` part, both ways, and the API's
problems as messages beside the fields they are about.

Field ids are the HTML ids of the form (`project-end`); a problem's `field` is the API's
dotted path (`project.end`, `sectors.0`), as `intake.domain.form.field_errors` names it.
"""

from __future__ import annotations

import json
from typing import Any

from intake.pages.i18n import Words
from intake.pages.reform import Typed
from servicekit.problems import ProblemError

TEXT_FIELDS = (
    "title",
    "summary",
    "project-start",
    "project-end",
    "budget-amount",
    "budget-currency",
    "partners",
    "contact-name",
    "contact-email",
    "contact-phone",
    "on-behalf-of-city",
)
# The API's path (numbers dropped) → the field that shows its error.
PATHS = {
    "category": "category",
    "sectors": "sectors",
    "title": "title",
    "summary": "summary",
    "project": "project-end",
    "project.start": "project-start",
    "project.end": "project-end",
    "project.budget": "budget-amount",
    "project.budget.amount": "budget-amount",
    "project.budget.currency": "budget-currency",
    "partners": "partners",
    "contact": "contact-name",
    "contact.name": "contact-name",
    "contact.email": "contact-email",
    "contact.phone": "contact-phone",
    "on_behalf_of_city": "on-behalf-of-city",
    "language": "language",
    "consent": "consent",
    "files": "files",
    "endorsement": "endorsement",
}
FILE_PROBLEMS = (
    "file-too-large",
    "submission-too-large",
    "body-too-large",
    "file-type-not-allowed",
    "file-name-mismatch",
    "file-name-invalid",
    "empty-file",
    "too-many-files",
    "unsafe-archive",
)


def one(typed: Typed, name: str) -> str:
    return (typed.get(name) or [""])[0].strip()


def application_of(typed: Typed, applicant_type: str) -> bytes:
    """The API's `application` part from what was typed; the API's own checks judge it."""
    form: dict[str, Any] = {
        "applicant_type": applicant_type,
        "category": one(typed, "category"),
        "sectors": [s for s in typed.get("sectors", []) if s],
        "title": one(typed, "title"),
        "summary": one(typed, "summary"),
        "project": {
            "start": one(typed, "project-start"),
            "end": one(typed, "project-end"),
            "budget": {
                "amount": one(typed, "budget-amount").replace(",", ""),
                "currency": one(typed, "budget-currency").upper(),
            },
        },
        "partners": [p.strip() for p in one(typed, "partners").splitlines() if p.strip()],
        "contact": {
            "name": one(typed, "contact-name"),
            "email": one(typed, "contact-email"),
            "phone": one(typed, "contact-phone"),
        },
        "language": one(typed, "language") or "en",
        "consent": one(typed, "consent") == "yes",
    }
    if one(typed, "on-behalf-of-city"):
        form["on_behalf_of_city"] = one(typed, "on-behalf-of-city")
    return json.dumps(form).encode()


def typed_of(application: dict[str, Any]) -> Typed:
    """A stored version's form as the page shows it, to amend it."""
    project = application.get("project", {})
    budget, contact = project.get("budget", {}), application.get("contact", {})
    values = {
        "category": application.get("category", ""),
        "title": application.get("title", ""),
        "summary": application.get("summary", ""),
        "project-start": project.get("start", ""),
        "project-end": project.get("end", ""),
        "budget-amount": str(budget.get("amount", "")),
        "budget-currency": budget.get("currency", ""),
        "partners": "\n".join(application.get("partners", [])),
        "contact-name": contact.get("name", ""),
        "contact-email": contact.get("email", ""),
        "contact-phone": contact.get("phone", ""),
        "on-behalf-of-city": application.get("on_behalf_of_city") or "",
        "language": application.get("language", "en"),
        "consent": "yes" if application.get("consent") else "",
    }
    typed: Typed = {name: [str(value)] for name, value in values.items()}
    typed["sectors"] = list(application.get("sectors", []))
    return typed


def field_of(path: str) -> str:
    kept = ".".join(part for part in path.split(".") if not part.isdigit())
    return PATHS.get(kept, "title")


def errors_of(refused: ProblemError, t: Words) -> dict[str, str]:
    """Field id → message in the reader's language, for a problem the form can show."""
    if refused.kind == "form-invalid":
        errors: dict[str, str] = {}
        for item in refused.extensions.get("errors", []):
            field = field_of(str(item.get("field", "")))
            errors.setdefault(field, t(f"error.field.{field}"))
        return errors
    if refused.kind in FILE_PROBLEMS:
        name = str(refused.extensions.get("file", ""))
        return {"files": t(f"problem.{refused.kind}", file=name)}
    if refused.kind == "city-cap-reached":
        return {"category": t("problem.city-cap-reached")}
    return {}
