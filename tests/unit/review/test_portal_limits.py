"""Failed sign-ins per client: past the limit a client waits (429 with Retry-After)."""

from __future__ import annotations

import pytest

from servicekit.problems import ProblemError
from servicekit.signin_limits import FailureLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_past_the_limit_waits_until_its_oldest_failure_ages_out():
    clock = Clock()
    limiter = FailureLimiter(3, 60, clock)
    for _ in range(3):
        limiter.check("1.2.3.4")
        limiter.failed("1.2.3.4")
        clock.now += 10

    with pytest.raises(ProblemError) as refused:
        limiter.check("1.2.3.4")
    assert refused.value.status == 429
    assert refused.value.kind == "too-many-sign-ins"
    assert refused.value.headers == {"Retry-After": "30"}
    limiter.check("5.6.7.8")  # another client is not held back

    clock.now += 30
    limiter.check("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") == 0
