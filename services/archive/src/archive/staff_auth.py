"""The staff API's bearer token: compared in constant time, never logged, never echoed."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from fastapi import Request
from pydantic import SecretStr

from servicekit.problems import ProblemError
from servicekit.signin_limits import SignInFailures, client_of


def staff_only(
    token: SecretStr | None, failures: SignInFailures | None = None
) -> Callable[[Request], Awaitable[None]]:
    """A dependency that lets only the staff token through; failed attempts are limited per
    client address (`429 sign-in-rate-limited` with `Retry-After`)."""
    limits = failures or SignInFailures()

    async def require_staff(request: Request) -> None:
        client = client_of(request)
        if token is None or not token.get_secret_value():
            raise ProblemError(
                503, "staff-api-disabled", "The staff API is off", "STAFF_TOKEN is not set."
            )
        limits.check(client)
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        expected = token.get_secret_value().encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(presented.encode(), expected):
            limits.failed(client)
            raise ProblemError(
                401,
                "staff-unauthorized",
                "A staff bearer token is required",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return require_staff
