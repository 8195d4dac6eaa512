"""Whom an applicant's email greets, by applicant type (the contest's `applicant_types`).

An individual (Leadership) is a person: greeted by name ("Dear Ana Ruiz," / "Ana Ruiz 님께,").
A city government, institution or corporation is an organisation: its team is greeted
("Dear Busan Metropolitan City team," / "Busan Metropolitan City 담당자님께,"), never a
person's name with "team" glued on. The wording of each language is in the templates
(`_greeting.txt` and `_greeting.html`); this decides only which kind and which name.
"""

from __future__ import annotations

from typing import TypedDict

ORGANISATION_TYPES = frozenset({"city_government", "institution", "corporation"})


class Greeting(TypedDict):
    organisation: bool
    name: str


def greeting(
    applicant_type: str | None, contact_name: str, *, organisation: str = "", city: str = ""
) -> Greeting:
    """The person for an individual, else the organisation (its name, else its city).

    A record kept before applicant types were (`applicant_type` None) greets its contact.
    """
    if applicant_type in ORGANISATION_TYPES:
        return {"organisation": True, "name": organisation or city or contact_name}
    return {"organisation": False, "name": contact_name}
