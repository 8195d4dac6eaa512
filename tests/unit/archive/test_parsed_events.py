"""A fold's events come from the parses kept per process, which are the events as stored."""

from __future__ import annotations

import copy

import pytest

from archive import parsed
from contracts.events import any_event_adapter
from tests.support.archive_story import contest_story


@pytest.fixture(autouse=True)
def nothing_kept() -> None:
    parsed.forget()


def test_every_kind_of_event_read_back_from_its_stored_body_is_the_event_archived() -> None:
    story = contest_story(seed=5, submissions=3)
    assert len({event.event_type for event in story}) >= 8

    for event in story:
        body = event.model_dump(mode="json")
        # What `archive.log.append` keeps equals what parsing the stored body would give.
        assert any_event_adapter.validate_python(body) == event
        parsed.keep(body, event)
        assert parsed.event_of(copy.deepcopy(body)) is event


def test_a_body_unlike_the_one_kept_under_its_id_is_parsed_afresh() -> None:
    received = next(e for e in contest_story(seed=5) if e.event_type == "submission.received")
    parsed.keep(received.model_dump(mode="json"), received)
    altered = received.model_dump(mode="json") | {"title": "Another title"}

    event = parsed.event_of(altered)

    assert event is not received
    assert getattr(event, "title", None) == "Another title"


def test_an_event_parsed_from_a_body_is_parsed_once() -> None:
    received = next(e for e in contest_story(seed=5) if e.event_type == "submission.received")
    body = received.model_dump(mode="json")

    first = parsed.event_of(body)

    assert first == received
    assert parsed.event_of(copy.deepcopy(body)) is first
