"""One person, one judge: an import may not register one address under two judge ids.

Two judge ids for one person would let that person write two of a submission's reviews, so
the whole import is refused, naming the rows (1-based, in the command's order) or the judge
already registered. Addresses compare as `contracts.emails.email_key` (case-insensitive,
IDNA-normalised domain).
"""

from __future__ import annotations

from collections.abc import Iterable

from contracts.emails import email_key, same_addresses
from contracts.review_commands import JudgeProfile
from review.records import JudgeDoc
from servicekit.replies import RefusedError


def refuse_one_person_twice(
    imported: Iterable[JudgeProfile], registered: Iterable[JudgeDoc]
) -> None:
    """Raise RefusedError `judge-duplicate` when two profiles, or a profile and a registered
    (not withdrawn) judge with another id, share one address."""
    profiles = list(imported)
    for group in same_addresses([str(p.email) for p in profiles]):
        rows = " and ".join(f"judge {i + 1} ({profiles[i].judge_id})" for i in group)
        raise RefusedError("judge-duplicate", f"{rows} are one person ({profiles[group[0]].email})")
    known = {
        email_key(str(j.profile.email)): j.profile.judge_id for j in registered if not j.withdrawn
    }
    for profile in profiles:
        other = known.get(email_key(str(profile.email)))
        if other is not None and other != profile.judge_id:
            raise RefusedError(
                "judge-duplicate",
                f"{profile.judge_id} ({profile.email}) is already registered as judge {other}",
            )
