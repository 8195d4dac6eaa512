"""The application form, checked against the Seoul contest file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.contest import Contest, load_contest
from intake.domain.form import FormContext, field_errors, parse_application
from tests.support.intake import application

CONTESTS = Path(__file__).resolve().parents[3] / "contests"


@pytest.fixture(scope="module")
def seoul() -> Contest:
    return load_contest(CONTESTS / "seoul-smart-city-prize.yaml")


def errors_of(form: dict[str, Any], contest: Contest, registered: str = "city_government"):
    import json

    try:
        parse_application(json.dumps(form).encode(), FormContext(contest, registered))
    except ValidationError as error:
        return {e["field"]: e["message"] for e in field_errors(error)}
    return {}


def test_the_example_form_is_valid(seoul: Contest):
    assert errors_of(application(), seoul) == {}


def test_the_registered_type_decides_the_applicant_type(seoul: Contest):
    assert "applicant_type" in errors_of(application(), seoul, registered="corporation")


def test_a_category_narrows_the_sectors(seoul: Contest):
    errors = errors_of(application(sectors=["mobility", "astrology"]), seoul)
    assert set(errors) == {"sectors"}


def test_title_and_summary_follow_the_contest_limits(seoul: Contest):
    errors = errors_of(application(title="abc", summary="too short"), seoul)
    assert set(errors) == {"title", "summary"}


def test_a_project_cannot_end_before_it_starts(seoul: Contest):
    project = {
        "start": "2026-01-01",
        "end": "2025-01-01",
        "budget": {"amount": "10", "currency": "EUR"},
    }
    assert "project" in errors_of(application(project=project), seoul)


def test_an_institution_names_the_city_it_applies_for(seoul: Contest):
    form = application(applicant_type="institution")
    assert "on_behalf_of_city" in errors_of(form, seoul, registered="institution")


def test_unknown_fields_and_missing_consent_are_named(seoul: Contest):
    form = application(consent=False, colour="blue")
    form.pop("language")
    assert set(errors_of(form, seoul)) == {"consent", "colour", "language"}


def test_a_city_name_imitating_another_script_is_refused_with_its_field(seoul: Contest):
    form = application(applicant_type="institution", on_behalf_of_city="Sеoul")  # Cyrillic е
    errors = errors_of(form, seoul, registered="institution")
    assert set(errors) == {"on_behalf_of_city"}
    assert "look-alike letters (Sеoul)" in errors["on_behalf_of_city"]


def test_a_city_name_of_invisible_characters_alone_names_no_city(seoul: Contest):
    form = application(applicant_type="institution", on_behalf_of_city="\u200b\u2060")
    assert "on_behalf_of_city" in errors_of(form, seoul, registered="institution")


def test_a_korean_city_name_is_accepted(seoul: Contest):
    form = application(applicant_type="institution", on_behalf_of_city="서울특별시")
    assert errors_of(form, seoul, registered="institution") == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("consent",), "true"),
        (("consent",), 1),
        (("project", "start"), 1735689600),
        (("project", "budget", "amount"), True),
        (("project", "budget", "amount"), None),
        (("project", "budget", "amount"), "NaN"),
        (("partners",), [2024]),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_not_converted(
    seoul: Contest, field: tuple[str, ...], value: Any
):
    form = application()
    place = form
    for key in field[:-1]:
        place = place[key]
    place[field[-1]] = value
    errors = errors_of(form, seoul)
    named = ".".join(field) if field != ("partners",) else "partners.0"
    assert set(errors) == {named}


def test_a_budget_too_large_for_a_number_is_refused(seoul: Contest):
    import json

    form = application()
    form["project"]["budget"]["amount"] = 7
    raw = json.dumps(form).replace('"amount": 7', '"amount": 1e309')
    with pytest.raises(ValidationError) as refused:
        parse_application(raw.encode(), FormContext(seoul, "city_government"))
    assert [e["field"] for e in field_errors(refused.value)] == ["project.budget.amount"]


def _contact(**changes: str) -> dict[str, str]:
    return {**application()["contact"], **changes}


@pytest.mark.parametrize(
    ("name", "character"),
    [
        ("Ana\r\nBcc: spy@evil.example", "U+000D"),
        ("Ana\nRuiz", "U+000A"),
        ("Ana\u202eziuR", "U+202E"),
        ("Ana\u2028Ruiz", "U+2028"),
        ("Ana\x85Ruiz", "U+0085"),
    ],
)
def test_a_contact_name_with_a_control_character_is_refused_naming_the_field(
    seoul: Contest, name: str, character: str
):
    errors = errors_of(application(contact=_contact(name=name)), seoul)
    assert set(errors) == {"contact.name"}
    assert f"contains the control character {character}" in errors["contact.name"]


def test_a_title_with_a_tab_or_a_bidi_override_is_refused_naming_the_field(seoul: Contest):
    title = "Seoul open data\tplatform for all"
    assert "U+0009" in errors_of(application(title=title), seoul)["title"]
    title = "Seoul open data \u2066platform\u2069 for all"
    assert "U+2066" in errors_of(application(title=title), seoul)["title"]


def test_korean_names_titles_and_emoji_joiners_are_accepted(seoul: Contest):
    form = application(
        title="시민 참여형 데이터 개방 사업 👩\u200d💻",
        contact=_contact(name="김민준 (부산광역시청)"),
    )
    assert errors_of(form, seoul) == {}


@pytest.mark.parametrize("email", ["민준@부산시청.example", "josé@city.example"])
def test_an_address_with_a_non_ascii_local_part_is_refused_without_smtputf8(
    seoul: Contest, email: str
):
    errors = errors_of(application(contact=_contact(email=email)), seoul)
    assert set(errors) == {"contact.email"}
    assert "no SMTPUTF8" in errors["contact.email"]


def test_the_same_address_is_accepted_when_the_mail_server_speaks_smtputf8(seoul: Contest):
    import json

    form = application(contact=_contact(email="민준@부산시청.example"))
    context = FormContext(seoul, "city_government", smtputf8=True)
    parsed = parse_application(json.dumps(form).encode(), context)
    assert parsed.contact.email.startswith("민준@")


def test_an_ascii_address_at_a_korean_domain_is_accepted(seoul: Contest):
    assert errors_of(application(contact=_contact(email="minjun@부산시청.example")), seoul) == {}
