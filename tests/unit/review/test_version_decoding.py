"""A version arriving on either subject decodes to the class its `event_type` names, checked
once: the consumers' decoding (`ArrivingVersion`) validates no body twice."""

from __future__ import annotations

from typing import Any

import pydantic.networks
import pytest
from pydantic import TypeAdapter

from contracts.events import ArrivingVersion, SubmissionAmended, SubmissionReceived
from tests.unit.review.test_amended_versions import version

arriving: TypeAdapter[Any] = TypeAdapter(ArrivingVersion)


@pytest.fixture
def address_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each contact address pydantic validated."""
    checked: list[str] = []
    validate = pydantic.networks.validate_email

    def counted(value: str) -> tuple[str, str]:
        checked.append(value)
        return validate(value)

    monkeypatch.setattr(pydantic.networks, "validate_email", counted)
    return checked


@pytest.mark.parametrize(("number", "kind"), [(1, SubmissionReceived), (2, SubmissionAmended)])
def test_a_version_decodes_as_its_own_kind_with_its_address_checked_once(
    address_checks, number, kind
):
    body = version(number, "Lima moves").model_dump_json()
    address_checks.clear()  # building the example checked it too

    decoded = arriving.validate_json(body)

    assert type(decoded) is kind
    assert decoded.contact.email == "ana@lima.example"
    assert address_checks == ["ana@lima.example"]
