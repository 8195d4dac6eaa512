"""Applicant sessions: signing in with the API key staff issued gives a random session id in
an HttpOnly, SameSite=Strict cookie (Secure over https). Only the id's sha256 is kept, in
intake's `intake-sessions` bucket, with the applicant, the key it was opened with, the
expiry and the session's form token (CSRF). The key itself is never kept, logged or put in
an address: a rotated or revoked key ends its sessions, and signing out deletes the record.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response
from faststream.nats import NatsBroker
from pydantic import BaseModel, ConfigDict

from contracts.envelope import UtcDatetime
from intake.applicants import Applicant, ApplicantRegistry
from servicekit.kv import DocumentBucket, LazyBucket

COOKIE = "cityprize_applicant"
SESSION_HOURS = 12


class SessionDoc(BaseModel):
    model_config = ConfigDict(frozen=True)

    applicant_id: str
    contest_id: str
    key_id: str
    csrf: str
    expires_at: UtcDatetime
    zone: str = ""  # the browser's IANA zone, when its script said one at sign-in


def _key(session_id: str) -> str:
    return "session." + hashlib.sha256(session_id.encode()).hexdigest()


class Sessions(LazyBucket):
    def __init__(
        self, broker: NatsBroker, bucket: str, applicants: ApplicantRegistry, *, replicas: int
    ) -> None:
        super().__init__(broker, bucket, replicas=replicas)
        self.applicants = applicants

    @property
    def docs(self) -> DocumentBucket[SessionDoc]:
        return self.documents(SessionDoc)

    async def start(self, applicant: Applicant, zone: str) -> tuple[str, SessionDoc]:
        session_id = secrets.token_urlsafe(32)
        session = SessionDoc(
            applicant_id=applicant.applicant_id,
            contest_id=applicant.contest_id,
            key_id=applicant.key_id,
            csrf=secrets.token_urlsafe(24),
            expires_at=datetime.now(UTC) + timedelta(hours=SESSION_HOURS),
            zone=zone,
        )
        await self.docs.put(_key(session_id), session)
        return session_id, session

    async def current(self, request: Request) -> tuple[SessionDoc, Applicant] | None:
        """The signed-in applicant, or None (no cookie, unknown, expired, key rotated)."""
        session_id = request.cookies.get(COOKIE)
        if not session_id:
            return None
        found = await self.docs.get(_key(session_id))
        if not found or found[0].expires_at <= datetime.now(UTC):
            return None
        session = found[0]
        applicant = await self.applicants.get(session.applicant_id)
        if applicant is None or applicant.revoked or applicant.key_id != session.key_id:
            return None
        return session, applicant

    async def end(self, request: Request) -> None:
        session_id = request.cookies.get(COOKIE)
        if session_id:
            await self.docs.kv.delete(_key(session_id))


def set_cookie(response: Response, request: Request, session_id: str, session: SessionDoc) -> None:
    """Secure whenever the pages are reached over https, also behind a TLS-ending proxy."""
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response.set_cookie(
        COOKIE,
        session_id,
        expires=session.expires_at,
        path="/apply",
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def form_token_ok(sent: str | None, session: SessionDoc) -> bool:
    return bool(sent) and secrets.compare_digest(str(sent), session.csrf)
