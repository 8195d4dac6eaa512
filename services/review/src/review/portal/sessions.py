"""Portal sessions: a sign-in link's one-time token is exchanged for a random session id in
an HttpOnly, SameSite=Strict cookie (Secure over https). Only the id's sha256 is kept, in
review's `review-sessions` bucket, with the judge, the expiry and the session's form token
(CSRF). Signing out deletes the record, so a copied cookie dies with it.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from fastapi import Request, Response

from review.domain.tokens import new_token, token_hash
from review.judge_auth import JudgeCaller, judge_of_token, lasting_until
from review.records import SessionDoc, TokenDoc
from review.store import ReviewStore

COOKIE = "cityprize_judge"
# A session lasts at least this long, and at least until the judge's last due date + grace.
SESSION_HOURS = 12.0


class LinkRefusedError(Exception):
    """A sign-in link that cannot sign anyone in; `reason` is "used" or "expired"."""

    def __init__(self, reason: str, token: TokenDoc | None) -> None:
        super().__init__(reason)
        self.reason, self.token = reason, token


async def exchange(store: ReviewStore, grace_days: float, token: str) -> tuple[str, SessionDoc]:
    """A new session for the judge of a one-time token, which is spent by it; it lasts until
    the judge's last due date + `grace_days`, and at least `SESSION_HOURS`."""
    known = await judge_of_token(store, token)
    if known is None:
        expired = await store.tokens.get(token_hash(token))
        raise LinkRefusedError("expired", expired)
    doc, judge = known
    if doc.used_at is not None:
        raise LinkRefusedError("used", doc)

    def spent(current: TokenDoc | None) -> TokenDoc | None:
        if current is None or current.used_at is not None:
            raise LinkRefusedError("used", current)
        return current.model_copy(update={"used_at": datetime.now(UTC)})

    await store.tokens.update(spent, token_hash(token))
    session_id = new_token()
    expires_at = await lasting_until(
        store, grace_days, judge.contest_id, judge.judge_id, SESSION_HOURS
    )
    session = SessionDoc(
        contest_id=judge.contest_id,
        judge_id=judge.judge_id,
        expires_at=expires_at,
        csrf=secrets.token_urlsafe(24),
    )
    await store.sessions.put(session, token_hash(session_id))
    return session_id, session


async def session_of(store: ReviewStore, request: Request) -> SessionDoc | None:
    """The signed-in judge's session, or None (no cookie, unknown, expired or withdrawn)."""
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return None
    session = await store.sessions.get(token_hash(session_id))
    if session is None or session.expires_at <= datetime.now(UTC):
        return None
    judge = await store.judges.get(session.contest_id, session.judge_id)
    return None if judge is None or judge.withdrawn else session


def caller(session: SessionDoc) -> JudgeCaller:
    return JudgeCaller(session.contest_id, session.judge_id)


async def end(store: ReviewStore, request: Request) -> None:
    session_id = request.cookies.get(COOKIE)
    if session_id:
        await store.sessions.delete(token_hash(session_id))


def set_cookie(
    response: Response, request: Request, session_id: str, session: SessionDoc, base_url: str
) -> None:
    """Secure whenever the portal is reached over https, also behind a TLS-ending proxy."""
    response.set_cookie(
        COOKIE,
        session_id,
        expires=session.expires_at,
        path="/judge",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" or base_url.startswith("https:"),
    )
