"""Conflicts of interest: detected by rule, declared, pinned by staff (pins survive)."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.contest_parts import ConflictRules
from contracts.review_commands import JudgeProfile
from review.domain.conflicts import Applicant, Match, detect, reconcile, reconcile_all
from review.records import Conflict

NOW = datetime(2027, 6, 1, tzinfo=UTC)
LATER = datetime(2027, 6, 2, tzinfo=UTC)
RULES = ConflictRules()


def judge(**changes: object) -> JudgeProfile:
    fields: dict[str, object] = {
        "judge_id": "j-1",
        "name": "A Judge",
        "email": "judge@uni.example",
        "country": "JP",
        "city": "Osaka",
        "organisation": "Smart Lab",
        "domains": ("smartlab.example", "@lab.example"),
    }
    return JudgeProfile.model_validate({**fields, **changes})


def applicant(**changes: str) -> Applicant:
    fields = {
        "submission_id": "s-1",
        "country": "KE",
        "city": "Nairobi",
        "organisation": "City of Nairobi",
        "contact_email": "city@nairobi.example",
    }
    return Applicant(**{**fields, **changes})


def test_rules_name_why_a_judge_is_kept_off():
    assert detect(judge(), applicant(), RULES) is None
    assert detect(judge(), applicant(country="JP"), RULES) == Match(
        "same-country", "same country (JP)"
    )
    assert detect(
        judge(country="KE", city="Nairobi"), applicant(), ConflictRules(same_country=False)
    ) == Match("same-city", "same city (Nairobi)")
    assert detect(judge(), applicant(organisation="smart lab"), RULES) == Match(
        "same-organisation", "same organisation (Smart Lab)"
    )
    found = detect(judge(), applicant(contact_email="pm@LAB.example"), RULES)
    assert found is not None
    assert (found.rule, "lab.example" in found.reason) == ("listed-domain", True)


def test_a_rule_the_contest_switches_off_detects_nothing():
    assert detect(judge(), applicant(country="JP"), ConflictRules(same_country=False)) is None


def test_a_declared_relation_is_a_conflict_with_its_source():
    found = reconcile(judge(declared_conflicts=("s-1",)), applicant(), RULES, None, NOW)
    assert found == Conflict(
        conflicted=True,
        source="declared",
        rule="declared",
        reason="declared by the judge",
        recorded_at=NOW,
    )


def test_a_staff_pin_survives_re_detection_either_way():
    cleared = Conflict(conflicted=False, source="staff", reason="long retired", recorded_at=NOW)
    pinned = Conflict(conflicted=True, source="staff", reason="co-author", recorded_at=NOW)
    assert reconcile(judge(), applicant(country="JP"), RULES, cleared, LATER) == cleared
    assert reconcile(judge(), applicant(), RULES, pinned, LATER) == pinned


def test_an_unchanged_conflict_keeps_the_time_it_was_first_recorded():
    first = reconcile(judge(), applicant(country="JP"), RULES, None, NOW)
    again = reconcile(judge(), applicant(country="JP"), RULES, first, LATER)
    assert again is not None
    assert again.recorded_at == NOW


def test_re_evaluation_after_a_judge_moves_drops_stale_rule_conflicts_only():
    pinned = Conflict(conflicted=True, source="staff", reason="co-author", recorded_at=NOW)
    before = {
        "s-1": Conflict(
            conflicted=True,
            source="rule",
            rule="same-country",
            reason="same country (JP)",
            recorded_at=NOW,
        ),
        "s-9": pinned,
    }
    moved = judge(country="FR", city="Paris")
    after = reconcile_all(
        moved,
        [applicant(country="JP"), applicant(submission_id="s-2", country="FR")],
        RULES,
        before,
        LATER,
    )
    assert after == {
        "s-9": pinned,
        "s-2": Conflict(
            conflicted=True,
            source="rule",
            rule="same-country",
            reason="same country (FR)",
            recorded_at=LATER,
        ),
    }
