"""The token bucket lets a burst through, then spaces the rest at the refill rate."""

from __future__ import annotations

import pytest

from notify.domain.ratelimit import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_capacity_waits_for_nothing_and_the_rest_queue_at_the_rate():
    clock = Clock()
    bucket = TokenBucket(rate=2.0, capacity=3, clock=clock)

    waits = [bucket.reserve() for _ in range(6)]

    assert waits == [0.0, 0.0, 0.0, 0.5, 1.0, 1.5]


def test_tokens_come_back_with_time_but_never_beyond_capacity():
    clock = Clock()
    bucket = TokenBucket(rate=1.0, capacity=2, clock=clock)
    bucket.reserve()
    bucket.reserve()

    clock.now += 60
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 1.0]


def test_120_a_minute_means_one_every_half_second_after_the_burst():
    bucket = TokenBucket(rate=120 / 60, capacity=1, clock=Clock())
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.5, 1.0]


def test_a_bucket_that_could_never_give_a_token_is_refused():
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(rate=0, capacity=1)
