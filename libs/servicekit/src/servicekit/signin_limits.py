"""Failed sign-ins limited per client address, so a credential cannot be guessed at speed.

A client (the request's remote address) may fail `max_failures` times within `window`
seconds; after that every attempt of that client is refused with `429` and `Retry-After`
until its oldest failure leaves the window, whether its next credential is right or not
(otherwise the limit would tell a guesser when it guessed right). OWASP's Authentication
Cheat Sheet ("Protect against automated attacks") is the source of the rule.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self

from starlette.requests import Request

from servicekit.problems import ProblemError
from servicekit.settings import ServiceSettings

# Clients remembered at most; the stalest are forgotten first (memory stays bounded).
MAX_CLIENTS = 10_000
API_REFUSAL = "sign-in-rate-limited"
PAGES_REFUSAL = "too-many-sign-ins"
REFUSAL_TITLE = "Too many failed sign-ins from this client; try again later"


def refusal_problem(kind: str) -> dict[str, tuple[int, str]]:
    """The refusal as a service's OpenAPI lists its problems (kind -> status, title): the
    services document what this module raises, in its words."""
    return {kind: (429, REFUSAL_TITLE)}


@dataclass
class SignInFailures:
    """`kind`: the problem type of the refusal (`sign-in-rate-limited` on the APIs' bearer
    credentials; the web pages' sign-in and the judge API say `too-many-sign-ins`)."""

    max_failures: int = 10
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    kind: str = API_REFUSAL
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> Self:
        """The limit every service reads from `SIGNIN_MAX_FAILURES` per `SIGNIN_WINDOW_SECONDS`."""
        return cls(settings.signin_max_failures, settings.signin_window_seconds)

    def check(self, client: str) -> None:
        """Raise a `429` problem (with `Retry-After`) while `client` is over its limit."""
        retry = self.retry_after(client)
        if retry:
            raise ProblemError(
                429,
                self.kind,
                REFUSAL_TITLE,
                f"retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )

    def retry_after(self, client: str) -> int:
        """Whole seconds until `client` may try again; 0 when it may now."""
        wait = self.wait(client)
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def wait(self, client: str) -> float:
        """Seconds until `client` may try again; 0 when it may now."""
        failures = self._recent(client)
        if len(failures) < self.max_failures:
            return 0.0
        return failures[0] + self.window - self.clock()

    def failed(self, client: str) -> None:
        self._recent(client).append(self.clock())
        if len(self._failures) > MAX_CLIENTS:
            del self._failures[next(iter(self._failures))]

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        horizon = self.clock() - self.window
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures


class FailureLimiter(SignInFailures):
    """The limiter of the web pages' sign-in and the judge API: `429 too-many-sign-ins`."""

    def __init__(
        self, allowed: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(allowed, window_seconds, clock, PAGES_REFUSAL)


def client_of(request: Request) -> str:
    """The remote address a request came from (behind a proxy: configure its forwarding)."""
    return request.client.host if request.client else "unknown"
