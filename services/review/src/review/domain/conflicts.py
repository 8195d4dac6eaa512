"""Conflicts of interest between a judge and a submission, each with its source, rule and time.

Declared relations and rule detections are recomputed whenever a judge or a submission
changes; a pin (staff's conflict or non-conflict, or a conflict the judge declared on the
portal) is never overwritten by re-detection.

The rules, in the order they are tried (the first that matches is kept, named by `rule`):
`own-email` (the applicant's contact is the judge's own address), `same-country`, `same-city`,
`same-organisation`, `listed-domain` and `own-domain` (the contact writes from a domain listed
for the judge, or from the judge's own address's domain, or a subdomain of either; public mail
providers never count). Names compare as `contracts.names.name_key`, addresses and domains as
`contracts.emails` says (case-insensitive, IDNA-normalised).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from contracts.contest_parts import ConflictRules
from contracts.emails import covers, domain_key, email_domain, email_key, is_public
from contracts.names import name_key
from contracts.review_commands import JudgeProfile
from review.domain.judges import Conflict


@dataclass(frozen=True)
class Applicant:
    """What conflict rules read of a submission."""

    submission_id: str
    country: str
    city: str
    organisation: str
    contact_email: str


@dataclass(frozen=True)
class Match:
    """A rule that keeps a judge off a submission: its id and the reason in words."""

    rule: str
    reason: str


def _same(a: str, b: str) -> bool:
    return bool(name_key(a)) and name_key(a) == name_key(b)


# A judge is checked against every submission: their domains are worked out once, not per pair.
@functools.lru_cache(maxsize=4096)
def _organisation_domains(
    email: str, listed: tuple[str, ...], public: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """(rule, domain key) for the judge's listed domains, then their own, without providers."""
    found = [("listed-domain", domain_key(d)) for d in listed]
    found.append(("own-domain", email_domain(email)))
    return tuple((rule, d) for rule, d in found if d and not is_public(d, public))


def _domain_match(judge: JudgeProfile, contact: str, public: tuple[str, ...]) -> Match | None:
    domain = email_domain(contact)
    for rule, root in _organisation_domains(str(judge.email), judge.domains, public):
        if covers(root, domain):
            if is_public(domain, public):
                return None  # a shared provider says nothing about who the applicant works for
            whose = (
                "the judge's own domain" if rule == "own-domain" else "the judge's listed domain"
            )
            return Match(rule, f"applicant writes from {domain}, within {whose} {root}")
    return None


def detect(judge: JudgeProfile, applicant: Applicant, rules: ConflictRules) -> Match | None:
    """The first rule that keeps `judge` off this submission, or None."""
    if email_key(str(judge.email)) == email_key(applicant.contact_email):
        return Match("own-email", f"the applicant's contact is the judge ({judge.email})")
    if rules.same_country and judge.country == applicant.country:
        return Match("same-country", f"same country ({judge.country})")
    if rules.same_city and _same(judge.city, applicant.city):
        return Match("same-city", f"same city ({judge.city})")
    if rules.same_organisation:
        if _same(judge.organisation, applicant.organisation):
            return Match("same-organisation", f"same organisation ({judge.organisation})")
        return _domain_match(judge, applicant.contact_email, rules.public_mail_domains)
    return None


def reconcile(
    judge: JudgeProfile,
    applicant: Applicant,
    rules: ConflictRules,
    current: Conflict | None,
    now: datetime,
) -> Conflict | None:
    """The conflict to keep for this pair; a staff pin survives, otherwise it is recomputed."""
    if current is not None and current.pinned:
        return current
    if applicant.submission_id in judge.declared_conflicts:
        found = Conflict(
            conflicted=True,
            source="declared",
            rule="declared",
            reason="declared by the judge",
            recorded_at=now,
        )
    elif (match := detect(judge, applicant, rules)) is not None:
        found = Conflict(
            conflicted=True, source="rule", rule=match.rule, reason=match.reason, recorded_at=now
        )
    else:
        return None
    if current is not None and (current.source, current.rule, current.reason) == (
        found.source,
        found.rule,
        found.reason,
    ):
        return current  # unchanged: keep the time it was first recorded
    return found


def reconcile_all(
    judge: JudgeProfile,
    applicants: list[Applicant],
    rules: ConflictRules,
    current: Mapping[str, Conflict],
    now: datetime,
) -> dict[str, Conflict]:
    kept = {sid: c for sid, c in current.items() if c.pinned}
    for applicant in applicants:
        found = reconcile(judge, applicant, rules, current.get(applicant.submission_id), now)
        if found is not None:
            kept[applicant.submission_id] = found
    return kept
