"""The published JSON Schemas match the models and describe what is actually sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from contracts.contest import Contest
from contracts.envelope import Event
from contracts.events import ALL_EVENT_TYPES
from contracts.schemas import generate_schemas

SCHEMA_DIR = Path(__file__).parents[3] / "docs" / "schemas"
Examples = dict[type[Event], Event]


def _validator(file_name: str) -> Draft202012Validator:
    schema = json.loads(generate_schemas()[file_name])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_committed_schemas_are_what_the_models_generate():
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    generated = generate_schemas()
    stale = sorted(
        name
        for name in committed.keys() | generated.keys()
        if committed.get(name) != generated.get(name)
    )
    assert not stale, f"docs/schemas/ is out of date ({', '.join(stale)}): run `make schemas`"


def test_there_is_one_schema_per_event_named_after_its_type_and_one_for_contests():
    expected = {f"{t.model_fields['event_type'].default}.json" for t in ALL_EVENT_TYPES}
    assert set(generate_schemas()) == expected | {"contest.json"}


@pytest.mark.parametrize("event_type", ALL_EVENT_TYPES, ids=[t.__name__ for t in ALL_EVENT_TYPES])
def test_an_event_schema_names_its_subject_and_accepts_a_real_event(
    event_type: type[Event], example_events: Examples
):
    name = f"{event_type.model_fields['event_type'].default}.json"
    validator = _validator(name)
    assert validator.schema["title"] == event_type.subject.value
    version = event_type.model_fields["schema_version"].default
    assert validator.schema["$id"] == f"urn:cityprize:schema:{event_type.subject.value}:v{version}"
    wire = example_events[event_type].model_dump(mode="json")
    assert list(validator.iter_errors(wire)) == []


def test_the_contest_schema_accepts_the_default_contest_and_refuses_a_misspelt_field(
    default_contest: Contest,
):
    validator = _validator("contest.json")
    wire = default_contest.model_dump(mode="json")
    assert list(validator.iter_errors(wire)) == []
    assert not validator.is_valid({**wire, "per_city_cpa": 3})
