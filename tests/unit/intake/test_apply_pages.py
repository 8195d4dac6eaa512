"""The applicant pages' pure parts: the form's fields to the API's application and back,
what changed between versions, the browser's body turned into the API's, the catalogues."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from contracts.envelope import StoredFile
from intake.multipart import PartHeaders, PartReader, boundary_of
from intake.pages.changes import changes
from intake.pages.fields import PATHS, application_of, typed_of
from intake.pages.i18n import catalogue
from intake.pages.reform import Reform
from servicekit.problems import ProblemError

APPLICATION = {
    "applicant_type": "institution",
    "category": "tech-innovacity",
    "sectors": ["mobility", "energy"],
    "title": "Open transit data",
    "summary": "Positions of every bus, every second.",
    "project": {
        "start": "2024-03-01",
        "end": "2026-12-31",
        "budget": {"amount": "1500000", "currency": "EUR"},
    },
    "partners": ["Transit authority", "University"],
    "contact": {"name": "Team", "email": "team@city.example", "phone": "+372 640 4141"},
    "language": "ko",
    "consent": True,
    "on_behalf_of_city": "Tallinn",
}


def test_a_stored_application_shown_in_the_form_and_sent_again_is_the_same_application():
    assert json.loads(application_of(typed_of(APPLICATION), "institution")) == APPLICATION


def test_an_unticked_consent_and_empty_optional_fields_are_sent_as_the_api_expects():
    sent = json.loads(application_of({"title": ["  A title "]}, "city_government"))
    assert sent["consent"] is False
    assert sent["partners"] == []
    assert "on_behalf_of_city" not in sent
    assert sent["title"] == "A title"


def stored(name: str, sha: str) -> StoredFile:
    return StoredFile(
        name=name, size=1, sha256=sha * 64, content_type="application/pdf", object_key=name
    )


def test_changes_name_the_fields_that_differ_and_the_files_added_and_removed():
    amended = {**APPLICATION, "title": "Open transit data, citywide"}
    found = changes(
        APPLICATION,
        amended,
        [stored("plan.pdf", "a")],
        [stored("plan.pdf", "b"), stored("x.pdf", "c")],
    )
    assert found.fields == ("title",)
    assert found.added == ("plan.pdf", "x.pdf")
    assert found.removed == ("plan.pdf",)


def test_every_field_the_api_can_name_has_a_label_and_an_error_in_both_languages():
    for language in ("en", "ko"):
        words = catalogue(language)
        for field in set(PATHS.values()):
            assert f"field.{field}" in words, (language, field)
            assert f"error.field.{field}" in words, (language, field)
    assert catalogue("en").keys() == catalogue("ko").keys()


def browser_body(boundary: str) -> list[bytes]:
    def part(headers: str, data: bytes) -> bytes:
        return f"--{boundary}\r\n{headers}\r\n\r\n".encode() + data + b"\r\n"

    body = (
        part('Content-Disposition: form-data; name="csrf"', b"token")
        + part('Content-Disposition: form-data; name="title"', "서울 open data".encode())
        + part(
            'Content-Disposition: form-data; name="files"; filename="plan.pdf"\r\n'
            "Content-Type: application/pdf",
            b"%PDF-1.4 " * 1000,
        )
        + part('Content-Disposition: form-data; name="endorsement"; filename=""', b"")
        + f"--{boundary}--\r\n".encode()
    )
    return [body[i : i + 700] for i in range(0, len(body), 700)]


async def chunks(parts: list[bytes]) -> AsyncIterator[bytes]:
    for piece in parts:
        yield piece


async def test_the_browsers_body_becomes_the_apis_with_the_form_first_and_files_passed_through():
    reform = Reform(
        chunks(browser_body("xyz")),
        "multipart/form-data; boundary=xyz",
        lambda typed: json.dumps({"title": typed["title"][0]}).encode(),
    )
    out = b"".join([piece async for piece in reform.stream()])

    reader = PartReader(boundary_of(reform.content_type))
    events = reader.feed(out)
    begins = [value for _, value in events if isinstance(value, PartHeaders)]
    assert [(b.name, b.filename) for b in begins] == [("application", None), ("files", "plan.pdf")]
    data = b"".join(v for k, v in events if k == "data" and isinstance(v, bytes))
    assert data == json.dumps({"title": "서울 open data"}).encode() + b"%PDF-1.4 " * 1000
    assert reform.typed["csrf"] == ["token"]


async def test_a_file_part_the_api_does_not_know_is_refused():
    body = (
        b'--b\r\nContent-Disposition: form-data; name="evil"; filename="x.pdf"\r\n\r\n'
        b"x\r\n--b--\r\n"
    )
    reform = Reform(chunks([body]), "multipart/form-data; boundary=b", lambda typed: b"{}")
    with pytest.raises(ProblemError) as refused:
        _ = [piece async for piece in reform.stream()]
    assert refused.value.kind == "malformed-request"
