"""Staff commands answered by intake over request-reply: register, list, revoke, rotate.

The API key travels only in the reply to `add` and `rotate` (core NATS, never a stream),
and is shown once; intake keeps only a salted hash of it.
"""

from __future__ import annotations

from pydantic import Field

from contracts.commands import Command
from contracts.contest_parts import ApplicantTypeSlug
from contracts.envelope import Contact, CountryCode, Frozen, Slug, UtcDatetime
from contracts.queries import Reply


class AddApplicant(Frozen):
    contest_id: Slug
    applicant_type: ApplicantTypeSlug
    name: str = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=200)
    country: CountryCode
    organisation: str = Field(default="", max_length=200)
    contact: Contact


class ApplicantKey(Reply):
    """The only time the key is ever shown."""

    applicant_id: str
    api_key: str = Field(repr=False)


class ApplicantSummary(Frozen):
    applicant_id: str
    contest_id: Slug
    applicant_type: ApplicantTypeSlug
    name: str
    city: str
    country: CountryCode
    organisation: str = ""
    revoked: bool
    registered_at: UtcDatetime


class ListApplicants(Frozen):
    contest_id: Slug


class ApplicantList(Reply):
    applicants: tuple[ApplicantSummary, ...]


class RevokeApplicant(Frozen):
    contest_id: Slug
    applicant_id: str


class ApplicantRevoked(Reply):
    applicant_id: str


class RotateApplicantKey(Frozen):
    contest_id: Slug
    applicant_id: str


APPLICANT_ADD = Command("intake", "applicant-add", AddApplicant, ApplicantKey)
APPLICANT_LIST = Command("intake", "applicant-list", ListApplicants, ApplicantList)
APPLICANT_REVOKE = Command("intake", "applicant-revoke", RevokeApplicant, ApplicantRevoked)
APPLICANT_ROTATE = Command("intake", "applicant-rotate", RotateApplicantKey, ApplicantKey)
