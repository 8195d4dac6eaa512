"""Conflicts of interest between a judge and a submission, each with its source and time.

Declared relations and rule detections are recomputed whenever a judge or a submission
changes; a pin (staff's conflict or non-conflict, or a conflict the judge declared on the
portal) is never overwritten by re-detection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from contracts.contest_parts import ConflictRules
from contracts.review_commands import JudgeProfile
from review.records import Conflict


@dataclass(frozen=True)
class Applicant:
    """What conflict rules read of a submission."""

    submission_id: str
    country: str
    city: str
    organisation: str
    email_domain: str


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def detect(judge: JudgeProfile, applicant: Applicant, rules: ConflictRules) -> str | None:
    """Why the rules keep `judge` off this submission, or None."""
    if rules.same_country and judge.country == applicant.country:
        return f"same country ({judge.country})"
    if rules.same_city and _same(judge.city, applicant.city):
        return f"same city ({judge.city})"
    if rules.same_organisation:
        if _same(judge.organisation, applicant.organisation):
            return f"same organisation ({judge.organisation})"
        domains = {d.casefold().lstrip("@") for d in judge.domains}
        domain = applicant.email_domain.casefold()
        if domain in domains:
            return f"applicant writes from the organisation's domain {domain}"
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
            conflicted=True, source="declared", reason="declared by the judge", recorded_at=now
        )
    elif (reason := detect(judge, applicant, rules)) is not None:
        found = Conflict(conflicted=True, source="rule", reason=reason, recorded_at=now)
    else:
        return None
    if current is not None and (current.source, current.reason) == (found.source, found.reason):
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
