"""The generated contest the archive's tests tell (`tests.support.archive_story`)."""

from __future__ import annotations

from tests.support.archive_story import contest_story


def test_a_generated_story_is_deterministic_and_in_time_order():
    story = contest_story(seed=7, submissions=4)
    assert [e.event_type for e in story] == [e.event_type for e in contest_story(7, 4)]
    times = [e.occurred_at for e in story]
    assert times == sorted(times)
    assert len(set(times)) == len(times)
    assert story[0].event_type == "contest.configured"
    assert story[-1].event_type == "notification.sent"
    assert any(e.event_type == "results.published" for e in story)
