"""The application form, checked against the contest it is sent to.

The contest and the applicant's registered type travel in the validation context, so that
every bad field is named in one answer (a `422` lists them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from contracts.contest import Contest
from contracts.contest_parts import ApplicantTypeSlug
from contracts.header_text import HeaderText
from contracts.names import imitating_words, name_key

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()./-]{5,32}$")]


@dataclass(frozen=True)
class FormContext:
    contest: Contest
    registered_type: str
    smtputf8: bool = False
    """Whether the mail server delivers to non-ASCII local parts (`IntakeSettings.smtputf8`)."""


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("application", "{message}", {"message": message})


def _context(info: ValidationInfo) -> FormContext:
    context = info.context
    if not isinstance(context, FormContext):
        raise TypeError("the form is validated with a FormContext")
    return context


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Budget(_Strict):
    amount: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217"
    )


class Project(_Strict):
    start: date
    end: date
    budget: Budget

    @model_validator(mode="after")
    def _ends_after_start(self) -> Project:
        if self.end < self.start:
            raise _refuse("the project cannot end before it starts")
        return self


class FormContact(_Strict):
    name: Annotated[
        HeaderText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    email: EmailStr
    phone: Phone

    @field_validator("email")
    @classmethod
    def _deliverable(cls, value: str, info: ValidationInfo) -> str:
        # RFC 6531: a non-ASCII local part reaches only a mail server that speaks SMTPUTF8.
        if not value.rpartition("@")[0].isascii() and not _context(info).smtputf8:
            raise _refuse(
                "the part before @ is not ASCII, and our mail server cannot deliver to such an "
                "address (no SMTPUTF8); give an ASCII address"
            )
        return value


class Application(_Strict):
    """The `application` part of a submission (English; unknown fields are refused)."""

    applicant_type: ApplicantTypeSlug
    category: str
    sectors: list[str] = Field(min_length=1, max_length=20)
    title: Annotated[HeaderText, StringConstraints(strip_whitespace=True, max_length=20_000)]
    summary: Text
    project: Project
    partners: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = []
    contact: FormContact
    on_behalf_of_city: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = (
        Field(default=None, validate_default=True)
    )
    language: Literal["en", "ko"]
    consent: bool

    @field_validator("applicant_type")
    @classmethod
    def _registered_type(cls, value: str, info: ValidationInfo) -> str:
        context = _context(info)
        if value != context.registered_type:
            raise _refuse(f"this key is registered as {context.registered_type}")
        return value

    @field_validator("category")
    @classmethod
    def _category_open_to_applicant(cls, value: str, info: ValidationInfo) -> str:
        contest = _context(info).contest
        known = {c.slug for c in contest.categories}
        if value not in known:
            raise _refuse(f"unknown category; one of {sorted(known)}")
        kind = info.data.get("applicant_type")
        for applicant_type in contest.applicant_types:
            if applicant_type.slug == kind and value not in applicant_type.categories:
                raise _refuse(f"{kind} may enter only {list(applicant_type.categories)}")
        return value

    @field_validator("sectors")
    @classmethod
    def _sectors_of_category(cls, value: list[str], info: ValidationInfo) -> list[str]:
        contest = _context(info).contest
        allowed = {s.slug for s in contest.sectors}
        category = info.data.get("category")
        if category is not None:
            narrowed = contest.category(category).sectors
            allowed = set(narrowed) if narrowed else allowed
        bad = [s for s in value if s not in allowed]
        if bad:
            raise _refuse(f"not a sector of this category: {bad}; one of {sorted(allowed)}")
        if len(set(value)) != len(value):
            raise _refuse("each sector may be listed once")
        return value

    @field_validator("title", "summary")
    @classmethod
    def _length_limits(cls, value: str, info: ValidationInfo) -> str:
        limits = _context(info).contest.form_limits
        low, high = (
            (limits.title_min_length, limits.title_max_length)
            if info.field_name == "title"
            else (limits.summary_min_length, limits.summary_max_length)
        )
        if not low <= len(value) <= high:
            raise _refuse(f"must be {low} to {high} characters long, not {len(value)}")
        return value

    @field_validator("partners")
    @classmethod
    def _partner_limit(cls, value: list[str], info: ValidationInfo) -> list[str]:
        most = _context(info).contest.form_limits.max_partners
        if len(value) > most:
            raise _refuse(f"at most {most} partners")
        return value

    @field_validator("on_behalf_of_city")
    @classmethod
    def _city_when_endorsed(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("applicant_type")
        needs = any(
            t.slug == kind and t.requires_endorsement
            for t in _context(info).contest.applicant_types
        )
        if needs and not (value and name_key(value)):
            raise _refuse(f"{kind} applies on behalf of a city: name it")
        if not needs and value:
            raise _refuse(f"{kind} does not apply on behalf of a city")
        if value and (imitating := imitating_words(value)):
            # The name decides the per-city cap: a look-alike letter would open a new city.
            raise _refuse(
                f"mixes scripts with look-alike letters ({', '.join(imitating)}): "
                "write the city's name in one script"
            )
        return value

    @field_validator("consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if value is not True:
            raise _refuse("consent must be given (true)")
        return value


FieldError = dict[str, str]


def field_errors(error: ValidationError) -> list[FieldError]:
    """Every bad field as `{"field": "project.end", "message": ..., "type": ...}`."""
    return [
        {
            "field": ".".join(str(part) for part in item["loc"]) or "application",
            "message": item["msg"],
            "type": item["type"],
        }
        for item in error.errors(include_url=False)
    ]


def parse_application(raw: bytes, context: FormContext) -> Application:
    """The accepted form; ValidationError names every bad field."""
    return Application.model_validate_json(raw, context=context)


def needs_endorsement(contest: Contest, applicant_type: str) -> bool:
    return any(t.slug == applicant_type and t.requires_endorsement for t in contest.applicant_types)


def cap_city(application: Application, registered_city: str) -> str:
    """The city the per-city cap counts this application against."""
    return application.on_behalf_of_city or registered_city
