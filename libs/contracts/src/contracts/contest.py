"""A contest file: every contest-specific fact, so the same platform runs the next prize too.

Sections live in `contracts.contest_parts`; checks across sections in `contracts.contest_checks`;
reading a file from disk and its errors in `contracts.contest_file`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, PositiveInt, ValidationError, field_validator, model_validator

from contracts import contest_checks as checks
from contracts.contest_file import ContestFileError, read_contest_yaml
from contracts.contest_parts import (
    ApplicantType,
    Category,
    ConflictRules,
    ContestPart,
    FileRules,
    FormLimits,
    Round,
    Rubric,
    Sector,
    Window,
    invalid,
)
from contracts.envelope import CountryCode, Frozen, Language, Slug
from contracts.header_text import HeaderText

PeerGroups = dict[Slug, dict[Slug, tuple[CountryCode, ...]]]
RankingMethod = Literal["raw_mean", "median", "normalised"]
AmendmentPolicy = Literal["refuse", "new_version"]


class Contest(ContestPart):
    """One contest, as staff write it in `contests/<id>.yaml`."""

    id: Slug
    name: HeaderText = Field(min_length=1)  # in every email's subject
    organisers: tuple[str, ...] = Field(min_length=1)
    timezone: str = Field(description="IANA name; naive window times are read in this zone.")
    languages: tuple[Language, ...] = Field(default=("en", "ko"), min_length=1)
    blind_review: bool
    window: Window
    applicant_types: tuple[ApplicantType, ...] = Field(min_length=1)
    sectors: tuple[Sector, ...] = ()
    categories: tuple[Category, ...] = Field(min_length=1)
    rubrics: dict[Slug, Rubric] = Field(min_length=1)
    rounds: tuple[Round, ...] = Field(min_length=3)
    reviews_per_submission: PositiveInt = 3
    file_rules: FileRules = FileRules()
    form_limits: FormLimits = FormLimits()
    conflict_rules: ConflictRules = ConflictRules()
    per_city_cap: PositiveInt = Field(default=2, description="Applications per city, at most.")
    peer_groups: PeerGroups = Field(
        default={}, description="grouping -> group -> ISO countries, for rankings within peers."
    )
    reminders: tuple[PositiveInt, ...] = Field(
        default=(7, 3), description="Days before a review's due date when judges are reminded."
    )
    tie_break: tuple[RankingMethod, ...] = Field(
        default=(),
        description="Aggregates that decide, in order, between submissions whose ranking "
        "aggregate is equal; what stays equal shares a rank. Empty: no rule, and a tie at "
        "the finalists' cut is left to staff.",
    )
    amendment_after_assignment: AmendmentPolicy = Field(
        default="refuse",
        description="What an amendment to a submission already assigned to judges does: "
        "`refuse` (409 amendment-under-review) or `new_version` (accepted; each judge is "
        "assigned the new version, earlier scores kept but superseded).",
    )

    @model_validator(mode="before")
    @classmethod
    def _read_naive_window_in_contest_zone(cls, data: Any) -> Any:
        return checks.localise_window(data)

    @field_validator("timezone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, KeyError):
            raise invalid(f"unknown IANA time zone {value!r}") from None
        return value

    @field_validator("languages", "tie_break")
    @classmethod
    def _listed_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise invalid("each may be listed once")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> Contest:
        errors = [
            *checks.duplicate_slugs("applicant_types", self.applicant_types),
            *checks.duplicate_slugs("sectors", self.sectors),
            *checks.duplicate_slugs("categories", self.categories),
            *checks.duplicate_slugs("rounds", self.rounds),
            *checks.category_references(
                self.categories, (s.slug for s in self.sectors), self.rubrics
            ),
            *checks.applicant_type_references(
                self.applicant_types, (c.slug for c in self.categories)
            ),
            *checks.round_order(self.rounds),
            *checks.peer_group_overlaps(self.peer_groups),
        ]
        for slug, rubric in self.rubrics.items():
            errors += [
                {**e, "loc": ("rubrics", slug, *e["loc"])}
                for e in checks.duplicate_slugs("criteria", rubric.criteria)
            ]
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, at: datetime) -> bool:
        """Whether submissions are accepted at `at` (time-zone aware)."""
        return self.window.is_open(at)

    def category(self, slug: str) -> Category:
        """The category `slug`; KeyError when the contest has none by that name."""
        for category in self.categories:
            if category.slug == slug:
                return category
        raise KeyError(slug)

    def rubric_for(self, category: str) -> Rubric:
        """The rubric judges use for `category`."""
        return self.rubrics[self.category(category).rubric]

    def peer_group_of(self, grouping: str, country: str) -> str | None:
        """The peer group of `country` in `grouping` ("region", "income", ...), if listed.

        An unknown grouping is a KeyError: asking for it is a mistake, not a missing country.
        """
        for group, countries in self.peer_groups[grouping].items():
            if country in countries:
                return group
        return None

    def public_view(self) -> PublicContest:
        """What applicants may see: rubric weights, peer groups and conflict rules stay inside.

        The fields `PublicContest` declares are the whole public part, read by name from here.
        """
        return PublicContest.model_validate(self, from_attributes=True)


class PublicContest(Frozen):
    """The published part of a contest, as the intake API serves it."""

    id: Slug
    name: str
    window: Window
    categories: tuple[Category, ...]
    sectors: tuple[Sector, ...]
    applicant_types: tuple[ApplicantType, ...]
    file_rules: FileRules
    form_limits: FormLimits
    languages: tuple[Language, ...]


def load_contest(path: Path) -> Contest:
    """Read and check a contest file; ContestFileError names the file and every bad field."""
    data = read_contest_yaml(path)
    try:
        return Contest.model_validate(data)
    except ValidationError as exc:
        raise ContestFileError.from_validation(path, exc) from exc


__all__ = ["Contest", "ContestFileError", "PublicContest", "load_contest"]
