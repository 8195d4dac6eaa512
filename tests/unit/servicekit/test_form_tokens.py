"""The double-submit token of the forms shown before sign-in: only a form carrying the token
its own cookie holds is let through."""

from __future__ import annotations

from fastapi import Request, Response

from servicekit.pages.form_tokens import form_token_matches, keep_form_token, new_form_token


def _request(cookie: str = "") -> Request:
    headers = [(b"cookie", cookie.encode())] if cookie else []
    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers})


def test_a_form_carrying_its_cookies_token_is_let_through() -> None:
    token = new_form_token()

    assert form_token_matches(_request(f"form={token}"), "form", token)


def test_a_form_without_the_cookie_or_with_another_token_is_refused() -> None:
    token = new_form_token()

    assert not form_token_matches(_request(), "form", token)
    assert not form_token_matches(_request(f"form={token}"), "form", "")
    assert not form_token_matches(_request(f"form={token}"), "form", new_form_token())
    assert not form_token_matches(_request(f"form={token}"), "form", "한국어")


def test_the_cookie_is_kept_from_scripts_and_other_sites_under_its_path() -> None:
    answer = Response()

    keep_form_token(answer, "form", "abc", path="/apply", secure=True, max_age=3600)

    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("form=abc;")
    for part in ("HttpOnly", "Path=/apply", "SameSite=strict", "Secure", "Max-Age=3600"):
        assert part in cookie
