"""Staff sessions, as for judges: a random id in an HttpOnly, SameSite=Strict cookie; only
its sha256 is kept, with the staff member, the role, the expiry and the form token (CSRF).
Kept in the console's memory: a restart signs everyone out (run one replica, or sticky)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from console.staff import Role, StaffAccount

COOKIE = "cityprize_staff"
# Sessions remembered at most; the oldest are forgotten first.
MAX_SESSIONS = 10_000


@dataclass(frozen=True)
class StaffSession:
    name: str
    role: Role
    csrf: str
    expires_at: datetime

    @property
    def may_change(self) -> bool:
        return self.role == "secretariat"


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class Sessions:
    def __init__(self, hours: float) -> None:
        self._hours = hours
        self._by_key: dict[str, StaffSession] = {}

    def start(self, account: StaffAccount) -> tuple[str, StaffSession]:
        session_id = secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(hours=self._hours)
        session = StaffSession(account.name, account.role, secrets.token_urlsafe(24), expires)
        self._by_key[_key(session_id)] = session
        if len(self._by_key) > MAX_SESSIONS:
            del self._by_key[next(iter(self._by_key))]
        return session_id, session

    def get(self, session_id: str | None) -> StaffSession | None:
        """The live session of a cookie's id, or None (none, unknown or expired)."""
        if not session_id:
            return None
        session = self._by_key.get(_key(session_id))
        if session is None or session.expires_at <= datetime.now(UTC):
            return None
        return session

    def end(self, session_id: str | None) -> None:
        if session_id:
            self._by_key.pop(_key(session_id), None)
