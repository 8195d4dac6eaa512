"""Every event crosses the wire intact, cannot be changed, and tolerates newer producers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Literal

import pytest
from pydantic import ValidationError

from contracts.envelope import Event
from contracts.events import ALL_EVENT_TYPES, ContestConfigured, parse_event
from contracts.subjects import Subject

Examples = dict[type[Event], Event]
each_event_type = pytest.mark.parametrize(
    "event_type", ALL_EVENT_TYPES, ids=[t.__name__ for t in ALL_EVENT_TYPES]
)


def test_every_event_type_has_an_example_and_its_own_subject(example_events: Examples):
    assert set(example_events) == set(ALL_EVENT_TYPES)
    assert sorted(t.subject for t in ALL_EVENT_TYPES) == sorted(Subject)


@each_event_type
def test_an_event_round_trips_through_json(event_type: type[Event], example_events: Examples):
    event = example_events[event_type]
    parsed = parse_event(event.model_dump_json())
    assert type(parsed) is event_type
    assert parsed == event
    assert parsed.model_dump(mode="json") == event.model_dump(mode="json")


@each_event_type
def test_an_event_type_is_its_subject_without_the_prefix(event_type: type[Event]):
    assert event_type.subject == f"prize.{event_type.model_fields['event_type'].default}"


def test_an_event_type_with_no_subject_of_its_own_is_refused_when_its_class_is_made():
    with pytest.raises(ValueError, match=r"prize\.judge\.teleported"):

        class JudgeTeleported(Event):
            event_type: Literal["judge.teleported"] = "judge.teleported"


@each_event_type
def test_an_event_cannot_be_changed_after_it_happened(
    event_type: type[Event], example_events: Examples
):
    event = example_events[event_type]
    with pytest.raises(ValidationError, match="frozen"):
        event.contest_id = "another-contest"  # type: ignore[misc]


@each_event_type
def test_an_event_from_a_newer_producer_with_unknown_fields_is_still_read(
    event_type: type[Event], example_events: Examples
):
    event = example_events[event_type]
    wire = {**event.model_dump(mode="json"), "added_in_a_later_release": {"x": 1}}
    parsed = parse_event(json.dumps(wire))
    assert parsed == event
    assert "added_in_a_later_release" not in parsed.model_dump()


@each_event_type
def test_an_event_without_a_time_zone_on_occurred_at_is_refused(
    event_type: type[Event], example_events: Examples
):
    wire = example_events[event_type].model_dump(mode="json")
    wire["occurred_at"] = "2027-04-01T12:00:00"
    with pytest.raises(ValidationError, match="occurred_at"):
        parse_event(json.dumps(wire))


def test_occurred_at_with_an_offset_is_kept_as_the_same_instant_in_utc(
    example_events: Examples,
):
    wire = example_events[ContestConfigured].model_dump(mode="json")
    wire["occurred_at"] = "2027-04-01T12:00:00+09:00"
    parsed = parse_event(json.dumps(wire))
    assert parsed.occurred_at.utcoffset() == timedelta(0)
    assert parsed.occurred_at == datetime(2027, 4, 1, 12, tzinfo=timezone(timedelta(hours=9)))


def test_an_unknown_event_type_is_refused(example_events: Examples):
    wire = example_events[ContestConfigured].model_dump(mode="json")
    wire["event_type"] = "contest.cancelled"
    with pytest.raises(ValidationError, match="event_type"):
        parse_event(json.dumps(wire))


STAFF_STEPS = [t for t in ALL_EVENT_TYPES if "requested_by" in t.model_fields]


@pytest.mark.parametrize("event_type", STAFF_STEPS, ids=[t.__name__ for t in STAFF_STEPS])
def test_a_staff_step_sent_before_it_named_who_asked_still_reads_with_nobody_named(
    event_type: type[Event], example_events: Examples
):
    wire = example_events[event_type].model_dump(mode="json")
    del wire["requested_by"]
    assert parse_event(json.dumps(wire)).model_dump()["requested_by"] == ""


def test_the_staff_steps_that_name_who_asked_are_those_the_console_sends():
    names = {t.__name__ for t in STAFF_STEPS}
    assert names == {
        "JudgeRegistered",
        "RoundStarted",
        "AssignmentCommitted",
        "RoundClosed",
        "FinalistsSelected",
        # A reminder sent now from the console names who sent it (notify's command).
        "NotificationSent",
        "NotificationFailed",
    }
