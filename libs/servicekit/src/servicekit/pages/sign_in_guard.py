"""What every sign-in form checks before it looks at the credential: the client's failure
limit (`servicekit.signin_limits`) and the form's double-submit token
(`servicekit.pages.form_tokens`). The limit comes first, so a client over it learns nothing
from its attempts, not even whether its form was stale."""

from __future__ import annotations

from typing import Protocol

from fastapi import Request, Response

from servicekit.pages.form_tokens import form_token_matches
from servicekit.signin_limits import SignInFailures, client_of


class Refuse(Protocol):
    """A page's message from its catalogue, by `key`, with its `values` (`seconds`)."""

    def __call__(self, key: str, status: int, **values: object) -> Response: ...


def refused_sign_in(
    request: Request,
    limits: SignInFailures,
    form_cookie: str,
    sent: str,
    refuse: Refuse,
    too_many: str = "too_many",
) -> Response | None:
    """`429` with `Retry-After` (the message `too_many`, told the `seconds`) while the client
    is over its limit, `403` (`forbidden`) when the form's token is not the cookie's; None
    when the credential may be checked."""
    wait = limits.retry_after(client_of(request))
    if wait:
        answer = refuse(too_many, 429, seconds=wait)
        answer.headers["Retry-After"] = str(wait)
        return answer
    if not form_token_matches(request, form_cookie, sent):
        return refuse("forbidden", 403)
    return None
