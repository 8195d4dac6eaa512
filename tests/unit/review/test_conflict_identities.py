"""Who is who in conflicts: an address, its domain and its subdomains are one identity."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.contest_parts import ConflictRules
from contracts.review_commands import JudgeProfile
from review.domain.conflicts import Applicant, detect, reconcile

RULES = ConflictRules()


def judge(email: str, *domains: str) -> JudgeProfile:
    return JudgeProfile(judge_id="j-1", name="A Judge", email=email, country="JP", domains=domains)


def contact(email: str) -> Applicant:
    return Applicant(
        submission_id="s-1",
        country="KE",
        city="Nairobi",
        organisation="City of Nairobi",
        contact_email=email,
    )


def rule(judge_profile: JudgeProfile, email: str, rules: ConflictRules = RULES) -> str | None:
    found = detect(judge_profile, contact(email), rules)
    return found.rule if found else None


def test_the_judges_own_address_in_another_case_is_the_judge():
    assert rule(judge("kim.minjun@mail.example"), "Kim.Minjun@Mail.Example") == "own-email"


def test_the_judges_own_address_is_a_conflict_even_with_every_rule_switched_off():
    off = ConflictRules(same_country=False, same_city=False, same_organisation=False)
    assert rule(judge("kim.minjun@mail.example"), "KIM.MINJUN@mail.example", off) == "own-email"


def test_a_colleague_writing_from_the_judges_own_domain_is_a_conflict():
    assert rule(judge("prof@uni-seoul.example"), "lead@uni-seoul.example") == "own-domain"


def test_a_listed_domain_covers_its_subdomains():
    assert rule(judge("j@x.example", "andes.example"), "pm@smartcity.andes.example") == (
        "listed-domain"
    )


def test_an_uppercase_own_domain_covers_a_subdomain():
    assert rule(judge("Prof@UNI-SEOUL.Example"), "pm@Lab.Uni-Seoul.example") == "own-domain"


def test_a_korean_domain_and_its_punycode_are_one_domain():
    assert rule(judge("j@x.example", "부산.example"), "pm@xn--or3bi2d.example") == "listed-domain"
    assert rule(judge("교수@부산.example"), "pm@dept.XN--OR3BI2D.example") == "own-domain"


def test_a_domain_that_only_ends_with_the_same_letters_is_another_domain():
    assert rule(judge("prof@andes.example"), "pm@smartandes.example") is None


def test_public_mail_providers_are_never_an_organisation():
    assert rule(judge("kim@gmail.com"), "lee@gmail.com") is None
    assert rule(judge("j@x.example", "naver.com"), "lee@naver.com") is None


def test_the_contest_decides_which_providers_are_public():
    rules = ConflictRules(public_mail_domains=("mail.example",))
    assert rule(judge("kim@mail.example"), "lee@mail.example", rules) is None
    assert rule(judge("kim@gmail.com"), "lee@gmail.com", rules) == "own-domain"


def test_a_detected_conflict_keeps_its_source_and_the_rule_that_matched():
    now = datetime(2027, 6, 1, tzinfo=UTC)
    found = reconcile(
        judge("prof@uni-seoul.example"), contact("lead@uni-seoul.example"), RULES, None, now
    )
    assert found is not None
    assert (found.source, found.rule) == ("rule", "own-domain")
    assert "uni-seoul.example" in found.reason
