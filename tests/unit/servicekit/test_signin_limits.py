"""Failed sign-ins per client: a limit, a Retry-After, a window that forgives."""

from __future__ import annotations

import pytest

from servicekit.problems import ProblemError
from servicekit.signin_limits import SignInFailures


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_over_its_failures_is_refused_429_with_retry_after_until_the_window_passes():
    clock = Clock()
    limits = SignInFailures(max_failures=3, window=60, clock=clock)
    for _ in range(3):
        limits.check("203.0.113.7")
        limits.failed("203.0.113.7")
        clock.now += 1

    with pytest.raises(ProblemError) as refused:
        limits.check("203.0.113.7")
    assert refused.value.status == 429
    assert refused.value.kind == "sign-in-rate-limited"
    assert refused.value.headers["Retry-After"] == "57"

    limits.check("198.51.100.1")  # another client is not affected
    clock.now += 57
    limits.check("203.0.113.7")  # the oldest failure left the window
