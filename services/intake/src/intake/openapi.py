"""The parts of the OpenAPI that FastAPI cannot infer from a streamed multipart body."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from contracts.envelope import Sha256, Slug, UtcDatetime
from intake.domain.form import Application
from intake.openapi_examples import ACCEPTED_BODY, example_application


class AcceptedFile(BaseModel):
    name: str = Field(description="The applicant's file name, normalised; metadata only.")
    size: int
    sha256: Sha256
    content_type: str = Field(description="Detected from the file's bytes.")


class SubmissionAccepted(BaseModel):
    contest_id: Slug
    submission_id: str
    version: int
    status: str = Field(description="`received`; later states come from GET.")
    received_at: UtcDatetime
    files: list[AcceptedFile]

    model_config = {"json_schema_extra": {"examples": [ACCEPTED_BODY]}}


def submission_body() -> dict[str, Any]:
    """`requestBody` of POST and PUT: the form as JSON plus the files, streamed."""
    return {
        "requestBody": {
            "required": True,
            "description": (
                "`application`: the form (JSON). `files`: one or more documents (PDF, PNG, "
                "JPEG, DOCX, PPTX, ZIP as the contest allows; detected by their bytes). "
                "`endorsement`: the city's endorsement letter, required from institutions and "
                "corporations applying on behalf of a city."
            ),
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["application", "files"],
                        "properties": {
                            "application": {"$ref": "#/components/schemas/Application"},
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            },
                            "endorsement": {"type": "string", "format": "binary"},
                        },
                    },
                    "encoding": {"application": {"contentType": "application/json"}},
                    "examples": {
                        "city-government": {
                            "summary": "A city government enters Tech-InnovaCity",
                            "value": {
                                "application": example_application(),
                                "files": ["<bytes of project-overview.pdf>"],
                            },
                        }
                    },
                }
            },
        },
        "security": [{"applicantKey": []}],
    }


def install_openapi(app: FastAPI) -> None:
    """Add the form's schema and the bearer scheme to the generated document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()
        components = document.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        form = Application.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(form.pop("$defs", {}))
        form["examples"] = [example_application()]
        schemas["Application"] = form
        components.setdefault("securitySchemes", {})["applicantKey"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "The applicant's API key, `cpk_<id>_<secret>`, from staff.",
        }
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
