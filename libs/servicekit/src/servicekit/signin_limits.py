"""Failed sign-ins per client, so a key or token cannot be guessed by trying many (answers 429).

Kept in memory per replica: a guess costs an attacker 2^256 tries, so the limit only has to
make trying expensive, not be exact across replicas.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from starlette.requests import Request

from servicekit.problems import ProblemError


class FailureLimiter:
    def __init__(
        self,
        allowed: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.allowed, self.window, self.clock = allowed, window_seconds, clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        horizon = self.clock() - self.window
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[client]
        return failures

    def retry_after(self, client: str) -> int:
        """Seconds until this client may try again; 0 when it may now."""
        failures = self._recent(client)
        if len(failures) < self.allowed:
            return 0
        return max(1, math.ceil(failures[-self.allowed] + self.window - self.clock()))

    def check(self, client: str) -> None:
        """Raises `429 too-many-sign-ins` (with `Retry-After`) for a client over the limit."""
        wait = self.retry_after(client)
        if wait:
            raise ProblemError(
                429,
                "too-many-sign-ins",
                "Too many failed sign-ins from this client; try again later",
                headers={"Retry-After": str(wait)},
            )

    def failed(self, client: str) -> None:
        self._failures.setdefault(client, deque()).append(self.clock())


def client_of(request: Request) -> str:
    """The client a failure is counted against: its address as the service sees it (behind a
    proxy, uvicorn's `--forwarded-allow-ips` decides whether X-Forwarded-For is believed)."""
    return request.client.host if request.client else "unknown"
