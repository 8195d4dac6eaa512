"""A version arriving on either subject decodes to the class its `event_type` names, checked
once: the consumers' decoding (`ArrivingVersion`) validates no body twice."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from contracts.envelope import valid_email
from contracts.events import ArrivingVersion, SubmissionAmended, SubmissionReceived
from tests.unit.review.test_amended_versions import version

arriving: TypeAdapter[Any] = TypeAdapter(ArrivingVersion)


@pytest.mark.parametrize(("number", "kind"), [(1, SubmissionReceived), (2, SubmissionAmended)])
def test_a_version_decodes_as_its_own_kind_with_its_address_checked_once(number, kind):
    body = version(number, "Lima moves").model_dump_json()
    valid_email.cache_clear()  # building the example checked it too

    decoded = arriving.validate_json(body)

    assert type(decoded) is kind
    assert decoded.contact.email == "ana@lima.example"
    # One look at the address: a second decoding (as the other kind) would look again.
    info = valid_email.cache_info()
    assert (info.misses, info.hits) == (1, 0)
