"""Screening by the contest's rules: eligible, ineligible with reasons, or a staff decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contracts.contest import Contest, load_contest
from contracts.envelope import StoredFile
from review.domain.screening import screen
from review.domain.submissions import SubmissionDoc

CONTEST_FILE = Path(__file__).parents[3] / "contests" / "seoul-smart-city-prize.yaml"
START = datetime(2027, 4, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def contest() -> Contest:
    return load_contest(CONTEST_FILE)


def stored(name: str) -> StoredFile:
    return StoredFile(
        name=name, size=1, sha256="0" * 64, content_type="application/pdf", object_key=name
    )


def entry(
    sid: str = "s-1",
    minutes: int = 0,
    file_names: tuple[str, ...] = ("application.pdf",),
    endorsed: bool = False,
    **changes: Any,
) -> SubmissionDoc:
    """A submission's current version; `endorsed`: intake kept the city's letter as its own
    part (a file named like a letter is not one)."""
    files = tuple(stored(name) for name in file_names)
    fields: dict[str, Any] = {
        "contest_id": "prize",
        "submission_id": sid,
        "received_at": START + timedelta(minutes=minutes),
        "applicant_id": f"applicant-{sid}",
        "version": 1,
        "applicant_type": "city_government",
        "category": "tech-innovacity",
        "sectors": ("mobility",),
        "title": f"Project {sid}",
        "city": "Nairobi",
        "country": "KE",
        "on_behalf_of_city": None,
        "files": (*files, stored("letter.pdf")) if endorsed else files,
        "endorsement_key": "letter.pdf" if endorsed else None,
        "application": {"title": f"Project {sid}", "summary": "A summary.", "consent": True},
    }
    return SubmissionDoc(**{**fields, **changes})


def test_a_complete_city_application_is_eligible(contest: Contest):
    assert screen(entry(), contest, []).outcome == "eligible"


def test_an_individual_may_enter_leadership_only(contest: Contest):
    result = screen(entry(applicant_type="individual"), contest, [])
    assert result.outcome == "ineligible"
    assert result.reasons == ("a individual may not enter category 'tech-innovacity'",)


def test_a_corporation_needs_the_citys_endorsement_letter(contest: Contest):
    result = screen(entry(applicant_type="corporation"), contest, [])
    assert result.outcome == "ineligible"
    assert "the city's endorsement letter is missing" in result.reasons
    named_like_a_letter = entry(
        applicant_type="corporation",
        on_behalf_of_city="Nairobi",
        file_names=("application.pdf", "Endorsement-letter.pdf"),
    )
    assert screen(named_like_a_letter, contest, []).outcome == "ineligible", (
        "a file's name proves nothing; intake marks the letter sent as its own part"
    )
    endorsed = entry(applicant_type="corporation", on_behalf_of_city="Nairobi", endorsed=True)
    assert screen(endorsed, contest, []).outcome == "eligible"


def test_missing_files_consent_or_summary_are_each_named(contest: Contest):
    result = screen(entry(file_names=(), application={"title": "T", "summary": " "}), contest, [])
    assert set(result.reasons) == {
        "required field 'summary' is empty",
        "consent was not given",
        "no file was attached",
    }


def test_a_third_application_from_one_city_needs_a_staff_decision(contest: Contest):
    first, second = entry("s-1", 0), entry("s-2", 1)
    third = entry("s-3", 2, city=" nairobi ")
    others = [first, second, third]
    assert screen(second, contest, others).outcome == "eligible"
    result = screen(third, contest, others)
    assert result.outcome == "needs_decision"
    assert result.reasons == ("nairobi already has 2 applications; the cap is 2",)


def test_the_same_project_entered_twice_flags_the_later_entry_only(contest: Contest):
    first = entry("s-1", 0, title="Matatu routes in real time", city="Nairobi")
    again = entry("s-2", 5, title="Matatu Routes in Real-Time!", city="Mombasa")
    assert screen(first, contest, [first, again]).outcome == "eligible"
    result = screen(again, contest, [first, again])
    assert result.outcome == "needs_decision"
    assert result.reasons == ("the same project as submission s-1",)


def test_two_different_korean_titles_are_not_the_same_project():
    from review.domain.screening import project_key

    assert project_key("부산 해안 안전 디지털 트윈") != project_key("수원 어르신 디지털 동행")
    assert project_key("부산 해안 안전 디지털 트윈") == project_key("부산 해안-안전 디지털트윈!")
    assert project_key("ＳＭＡＲＴ Ｐｏｒｔ") == project_key("smart port")
