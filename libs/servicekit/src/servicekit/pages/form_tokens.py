"""Double-submit tokens for the forms shown before there is a session (sign-in, "email me a
new link"): the form carries a random token that is also set in an HttpOnly, SameSite=Strict
cookie, which no other site can set, so another site cannot post the form from a visitor's
browser under its own account. Forms after sign-in carry the session's token instead."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def keep_form_token(
    response: Response,
    cookie: str,
    token: str,
    *,
    path: str,
    secure: bool,
    max_age: int | None = None,
) -> None:
    """Set `token` in `cookie`, readable only by the pages under `path`."""
    response.set_cookie(
        cookie, token, path=path, httponly=True, samesite="strict", secure=secure, max_age=max_age
    )


def form_token_matches(request: Request, cookie: str, sent: str) -> bool:
    """Whether the form's token equals the cookie's (compared in constant time); never when
    either is missing."""
    kept = request.cookies.get(cookie, "")
    return bool(kept and sent) and hmac.compare_digest(kept.encode(), sent.encode())
