"""A token bucket: at most `capacity` at once, refilled at `rate` per second."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """`reserve` hands out tokens in order and says how long the caller must wait for its one.

    Tokens may go negative: each caller reserves its place in the queue at once, so callers
    never race each other for a refill, and none is starved.
    """

    def __init__(
        self, rate: float, capacity: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("rate must be positive and capacity at least 1")
        self.rate = rate
        self.capacity = float(capacity)
        self._clock = clock
        self._tokens = float(capacity)
        self._updated = clock()

    def reserve(self) -> float:
        """Take one token; the seconds to wait before using it (0 when one was ready)."""
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate
