"""The sections of a contest file; `contracts.contest` puts them together and checks references.

Every section refuses unknown fields: a misspelt key in a hand-edited contest file must fail
loudly instead of silently falling back to a default.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Literal, TypeVar

from pydantic import (
    AwareDatetime,
    ConfigDict,
    Field,
    PositiveInt,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from contracts.emails import DEFAULT_PUBLIC_MAIL_DOMAINS
from contracts.envelope import Frozen, Slug
from contracts.local_times import LocalTimeError

MIB = 1024 * 1024
WEIGHT_TOLERANCE = 1e-9

ApplicantTypeSlug = Literal["city_government", "institution", "corporation", "individual"]
RoundKind = Literal["screening", "panel", "committee"]
ROUND_ORDER: tuple[RoundKind, ...] = ("screening", "panel", "committee")
ContentType = str  # kept loose on purpose: intake matches these against magic-byte detection

DEFAULT_CONTENT_TYPES: tuple[ContentType, ...] = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/zip",
)


def invalid(reason: str) -> PydanticCustomError:
    """A validation error whose message is exactly `reason` (no "Value error, " prefix)."""
    return PydanticCustomError("contest_file", "{reason}", {"reason": reason})


Bound = TypeVar("Bound", datetime, float)


def above(value: Bound, info: ValidationInfo, lower: str, reason: Callable[[Bound], str]) -> Bound:
    """`value` if it is greater than the field `lower`, else the error `reason(lower's value)`.

    For a field validator on the upper field, declared after `lower`: a `lower` that failed its
    own check is absent from `info.data`, and then only that failure is reported.
    """
    low = info.data.get(lower)
    if low is not None and value <= low:
        raise invalid(reason(low))
    return value


class ContestPart(Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Window(ContestPart):
    """When submissions are accepted: from `opens_at` (inclusive) to `closes_at` (exclusive)."""

    opens_at: AwareDatetime
    closes_at: AwareDatetime

    @field_validator("opens_at", "closes_at", mode="before")
    @classmethod
    def _exists_in_the_contest_zone(cls, value: object) -> object:
        if isinstance(value, LocalTimeError):
            raise invalid(str(value))
        return value

    @field_validator("closes_at")
    @classmethod
    def _closes_after_opening(cls, value: datetime, info: ValidationInfo) -> datetime:
        return above(
            value,
            info,
            "opens_at",
            lambda opens_at: f"the window must close after it opens ({opens_at.isoformat()})",
        )

    def is_open(self, at: datetime) -> bool:
        """Whether a submission made at `at` (time-zone aware) is inside the window."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("`at` must carry a time zone")
        return self.opens_at <= at < self.closes_at


class ApplicantType(ContestPart):
    slug: ApplicantTypeSlug
    name: str = Field(min_length=1)
    categories: tuple[Slug, ...] = Field(min_length=1, description="Category slugs it may enter.")
    requires_endorsement: bool = Field(
        default=False, description="Applying on behalf of a city needs its endorsement letter."
    )


class Sector(ContestPart):
    slug: Slug
    name: str = Field(min_length=1)


class Category(ContestPart):
    slug: Slug
    name: str = Field(min_length=1)
    description: str = ""
    sectors: tuple[Slug, ...] = Field(default=(), description="Allowed sectors; empty is any.")
    rubric: Slug = "main"
    pool: Slug = Field(default="main", description="The judge pool that scores this category.")
    finalists: int = Field(ge=0, description="How many advance from the panel round.")


class Scale(ContestPart):
    min: float
    max: float
    step: float = Field(default=1, gt=0)

    @field_validator("max")
    @classmethod
    def _max_above_min(cls, value: float, info: ValidationInfo) -> float:
        return above(value, info, "min", lambda low: f"max must be greater than min ({low})")


class Criterion(ContestPart):
    slug: Slug
    name: str = Field(min_length=1)
    description: str = ""
    weight: float | None = Field(default=None, gt=0, le=1)


class Rubric(ContestPart):
    """Weights are never published; when all are omitted every criterion counts equally."""

    scale: Scale
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @field_validator("criteria")
    @classmethod
    def _weights_all_or_none_summing_to_one(
        cls, criteria: tuple[Criterion, ...]
    ) -> tuple[Criterion, ...]:
        given = [c.weight for c in criteria if c.weight is not None]
        if not given:
            return criteria
        if len(given) != len(criteria):
            missing = ", ".join(repr(c.slug) for c in criteria if c.weight is None)
            raise invalid(f"give every criterion a weight or none; missing for {missing}")
        total = math.fsum(given)
        if abs(total - 1) > WEIGHT_TOLERANCE:
            raise invalid(f"weights must sum to 1, they sum to {total:.12g}")
        return criteria

    def weights(self) -> dict[str, float]:
        """Each criterion's weight, equal shares when the file gives none; they sum to 1."""
        share = 1 / len(self.criteria)
        return {c.slug: share if c.weight is None else c.weight for c in self.criteria}


class Round(ContestPart):
    slug: Slug
    name: str = Field(min_length=1)
    kind: RoundKind


class ZipLimits(ContestPart):
    """Guards against zip bombs; intake checks them before storing an archive."""

    max_uncompressed_bytes: PositiveInt = 200 * MIB
    max_compression_ratio: float = Field(default=100, gt=1)
    max_entries: PositiveInt = 1000


class FileRules(ContestPart):
    allowed_content_types: tuple[ContentType, ...] = Field(
        default=DEFAULT_CONTENT_TYPES, min_length=1
    )
    max_file_bytes: PositiveInt = 25 * MIB
    max_submission_bytes: PositiveInt = 100 * MIB
    max_files: PositiveInt = 10
    # 255 is what a stored file's name may hold (contracts.envelope.StoredFile).
    max_name_length: int = Field(default=255, ge=1, le=255)
    zip: ZipLimits = ZipLimits()

    @field_validator("max_submission_bytes")
    @classmethod
    def _submission_holds_a_file(cls, value: int, info: ValidationInfo) -> int:
        per_file = info.data.get("max_file_bytes")
        if per_file is not None and value < per_file:
            raise invalid(f"must be at least max_file_bytes ({per_file})")
        return value


class FormLimits(ContestPart):
    title_min_length: int = Field(default=1, ge=1)
    title_max_length: PositiveInt = 200
    summary_min_length: int = Field(default=0, ge=0)
    summary_max_length: PositiveInt = 5000
    max_partners: int = Field(default=20, ge=0)

    @field_validator("title_max_length", "summary_max_length")
    @classmethod
    def _max_not_below_min(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get(str(info.field_name).replace("_max_", "_min_"))
        if low is not None and value < low:
            raise invalid(f"must be at least the minimum length ({low})")
        return value


class ConflictRules(ContestPart):
    """Which shared attributes keep a judge off a submission."""

    same_country: bool = True
    same_city: bool = True
    same_organisation: bool = True
    """Same organisation name, or the applicant writes from the judge's own e-mail domain or a
    domain listed for the judge (subdomains included)."""
    public_mail_domains: tuple[str, ...] = Field(
        default=DEFAULT_PUBLIC_MAIL_DOMAINS,
        description="Mail providers whose domain never makes an organisation (subdomains too).",
    )
