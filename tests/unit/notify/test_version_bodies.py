"""The receipt consumer reads a version's body once, and as the plain union of both reads it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from contracts.events import ArrivingVersion as Version
from contracts.events import SubmissionAmended, SubmissionVersion
from tests.support.notify import received

UNION: TypeAdapter[Any] = TypeAdapter(SubmissionVersion)
TAGGED: TypeAdapter[Any] = TypeAdapter(Version)


def _bodies() -> dict[str, dict[str, Any]]:
    first = json.loads(received().model_dump_json())
    fields = received().model_dump(exclude={"event_id", "event_type", "version"})
    amended = json.loads(SubmissionAmended(**fields, version=2).model_dump_json())
    untyped = {k: v for k, v in first.items() if k != "event_type"}
    return {"received": first, "amended": amended, "without event_type": untyped}


@pytest.mark.parametrize("kind", ["received", "amended", "without event_type"])
def test_a_version_is_read_as_the_plain_union_reads_it(kind: str):
    body = _bodies()[kind]

    ours, theirs = TAGGED.validate_python(body), UNION.validate_python(body)

    assert type(ours) is type(theirs)
    assert ours == theirs
    assert TAGGED.validate_json(json.dumps(body)) == theirs


@pytest.mark.parametrize(
    "change",
    [{"event_type": "submission.screened"}, {"contact": {"name": "A", "email": "not an address"}}],
)
def test_a_body_the_plain_union_refuses_is_refused(change: dict[str, Any]):
    body = {**_bodies()["received"], **change}
    with pytest.raises(ValidationError):
        UNION.validate_python(body)
    with pytest.raises(ValidationError):
        TAGGED.validate_python(body)
