"""What every sign-in form checks before the credential: the client's failure limit first,
then the form's double-submit token."""

from __future__ import annotations

from fastapi import Request, Response

from servicekit.pages.sign_in_guard import refused_sign_in
from servicekit.signin_limits import FailureLimiter


def _request(cookie: str = "") -> Request:
    headers = [(b"cookie", cookie.encode())] if cookie else []
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    return Request({**scope, "client": ("203.0.113.9", 5000)})


def _said(key: str, status: int, **values: object) -> Response:
    return Response(f"{key} {values}", status_code=status)


def test_a_form_with_its_token_from_a_client_under_the_limit_may_be_checked() -> None:
    limits = FailureLimiter(2, 60)

    assert refused_sign_in(_request("form=abc"), limits, "form", "abc", _said) is None


def test_a_form_without_its_cookies_token_is_refused_with_403() -> None:
    refused = refused_sign_in(_request("form=abc"), FailureLimiter(2, 60), "form", "xyz", _said)

    assert refused is not None
    assert refused.status_code == 403
    assert bytes(refused.body).startswith(b"forbidden")


def test_a_client_over_its_limit_waits_even_with_the_right_token() -> None:
    limits = FailureLimiter(2, 60, clock=lambda: 100.0)
    limits.failed("203.0.113.9")
    limits.failed("203.0.113.9")

    refused = refused_sign_in(
        _request("form=abc"), limits, "form", "abc", _said, too_many="signin.too_many"
    )

    assert refused is not None
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.body == b"signin.too_many {'seconds': 60}"
