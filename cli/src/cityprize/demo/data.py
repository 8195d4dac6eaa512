"""The demo's synthetic cast: plausible applicants across regions and a panel of judges,
read from `cast.yaml` beside this module.

Every person, address and project here is invented. `quality` is each project's true merit
(on the rubric's 0-10 scale) and `bias` each judge's habit (harsh or lenient, in points added
to every score): the demo's judges score from these, so the ranking the platform publishes
can be checked against the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel


@dataclass(frozen=True)
class DemoApplicant:
    key: str
    applicant_type: str
    name: str
    city: str
    country: str
    organisation: str
    language: str
    category: str
    sectors: tuple[str, ...]
    title: str
    quality: float
    on_behalf_of_city: str | None = None

    @property
    def email(self) -> str:
        return f"{self.key}@applicants.example.org"

    @property
    def contact_name(self) -> str:
        """A person is their own contact; an organisation's inbox is its team's."""
        return self.name if self.applicant_type == "individual" else f"{self.name} team"


@dataclass(frozen=True)
class DemoJudge:
    judge_id: str
    name: str
    country: str
    city: str
    organisation: str
    domain: str
    expertise: tuple[str, ...]
    languages: tuple[str, ...]
    bias: float

    @property
    def email(self) -> str:
        return f"{self.judge_id}@{self.domain}"


def same_named(person: DemoApplicant | DemoJudge, model: type[BaseModel]) -> dict[str, Any]:
    """The person's attributes that `model` (a contract) has a field of the same name for,
    so a demo person becomes a command without copying each field by hand."""
    return {name: getattr(person, name) for name in model.model_fields if hasattr(person, name)}


def city_government(entry: dict[str, Any]) -> DemoApplicant:
    """A city government from its short entry: named "<city> City Government", writing in
    English unless the entry says otherwise."""
    named = f"{entry['city']} City Government"
    kind = {"applicant_type": "city_government", "name": named, "organisation": named}
    return applicant({**kind, "language": "en", **entry})


def applicant(entry: dict[str, Any]) -> DemoApplicant:
    return DemoApplicant(**{**entry, "sectors": tuple(entry["sectors"])})


def judge(entry: dict[str, Any]) -> DemoJudge:
    listed = {"expertise": tuple(entry["expertise"]), "languages": tuple(entry["languages"])}
    return DemoJudge(**{**entry, **listed})


CAST: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    files(__package__ or "cityprize.demo").joinpath("cast.yaml").read_text("utf-8")
)
APPLICANTS: tuple[DemoApplicant, ...] = (
    *(city_government(entry) for entry in CAST["cities"]),
    *(applicant(entry) for entry in CAST["others"]),
)
JUDGES: tuple[DemoJudge, ...] = tuple(judge(entry) for entry in CAST["judges"])
