"""Applicants are greeted as what they are: a person by name, an organisation as its team."""

from __future__ import annotations

from typing import Any

import pytest

from cityprize.demo.applying import application_form
from cityprize.demo.data import APPLICANTS, DemoApplicant
from contracts.envelope import Contact
from notify.domain import applicant_notices
from notify.domain.greeting import greeting
from notify.domain.mail import Rendered
from notify.domain.results import SubmissionOutcome
from notify.records import SubmissionContact
from notify.templates import Renderer
from tests.support.notify import received


def _demo(applicant_type: str) -> DemoApplicant:
    return next(a for a in APPLICANTS if a.applicant_type == applicant_type)


def _receipt(applicant: DemoApplicant, language: str) -> Rendered:
    """The receipt for a demo applicant's form, as the demo sends it."""
    contact = application_form(applicant)["contact"]
    assert isinstance(contact, dict)
    event = received(
        name=contact["name"],
        language=language,
        applicant_type=applicant.applicant_type,
        organisation=applicant.organisation,
        city=applicant.city,
    )
    email = applicant_notices.receipt(event, "Seoul Smart City Prize")
    return Renderer().render(email.contest_id, language, email.template, email.context)


def test_an_individual_is_greeted_by_name_in_english_without_team():
    ana = _demo("individual")
    text = _receipt(ana, "en").text
    assert text.startswith(f"Dear {ana.name},\n\n")
    assert "team" not in text


def test_an_individual_is_greeted_by_name_in_korean():
    ana = _demo("individual")
    rendered = _receipt(ana, "ko")
    assert rendered.text.startswith(f"{ana.name} 님께,\n\n")
    assert f"<p>{ana.name} 님께,</p>" in rendered.html


@pytest.mark.parametrize("applicant_type", ["city_government", "institution", "corporation"])
def test_an_organisation_is_greeted_as_its_team_and_never_as_team_nim(applicant_type: str):
    applicant = _demo(applicant_type)
    organisation = applicant.organisation or applicant.city
    english, korean = _receipt(applicant, "en"), _receipt(applicant, "ko")
    assert english.text.startswith(f"Dear {organisation} team,\n\n")
    assert korean.text.startswith(f"{organisation} 담당자님께,\n\n")
    assert "team 님께" not in korean.text + korean.html


def test_screening_and_results_greet_the_kept_contact_by_its_type():
    kept = SubmissionContact(
        submission_id="s-1",
        applicant_id="a-1",
        version=1,
        title="Open data",
        category="leadership",
        contact=Contact(name="김민준", email="minjun@busan.example", language="ko"),
        applicant_type="individual",
        city="Busan",
    )
    outcome = SubmissionOutcome(submission_id="s-1", category="leadership", rank=2, winner=False)
    email = applicant_notices.result("e-1", "c", outcome, kept, "서울 스마트 도시상")
    rendered = Renderer().render("c", "ko", email.template, email.context)
    assert rendered.text.startswith("김민준 님께,\n\n")
    corporation = kept.model_copy(update={"applicant_type": "corporation", "organisation": "한빛"})
    email = applicant_notices.result("e-1", "c", outcome, corporation, "서울 스마트 도시상")
    assert (
        Renderer()
        .render("c", "en", email.template, email.context)
        .text.startswith("Dear 한빛 team,\n\n")
    )


def test_a_contact_kept_before_applicant_types_is_greeted_by_its_name():
    assert greeting(None, "Ana Lima", organisation="", city="Curitiba") == {
        "organisation": False,
        "name": "Ana Lima",
    }


def test_an_organisation_name_is_escaped_in_html_only():
    context: dict[str, Any] = {
        "contest_name": "Prize",
        "recipient_name": "x",
        "greeting": greeting("corporation", "x", organisation="A&B <Mobility>"),
        "title": "T",
        "submission_id": "s-1",
        "version": 1,
        "amended": False,
        "file_count": 1,
    }
    rendered = Renderer().render("c", "en", "receipt", context)
    assert rendered.text.startswith("Dear A&B <Mobility> team,")
    assert "<p>Dear A&amp;B &lt;Mobility&gt; team,</p>" in rendered.html
