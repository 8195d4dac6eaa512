"""Who is calling the judge API: a personal bearer token, looked up by its hash only.

Failed attempts are counted per client (`review.sign_ins`): past the limit a client is
answered `429` with `Retry-After` before its token is even looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi.security import HTTPAuthorizationCredentials

from contracts.queries import JudgePortalLink
from review.domain.tokens import new_token, token_hash
from review.records import TokenDoc
from review.settings import ReviewSettings
from review.store import ReviewStore
from servicekit.attribution import attribute
from servicekit.problems import ProblemError
from servicekit.signin_limits import FailureLimiter

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="cityprize-judges"'}


@dataclass(frozen=True)
class JudgeCaller:
    contest_id: str
    judge_id: str


def _refused(kind: str, title: str) -> ProblemError:
    return ProblemError(401, kind, title, headers=_CHALLENGE)


async def judge_of_token(store: ReviewStore, token: str) -> tuple[TokenDoc, JudgeCaller] | None:
    """The token's record and judge, or None when it is unknown, expired or withdrawn."""
    found = await store.tokens.get(token_hash(token))
    if found is None or found.expires_at <= datetime.now(UTC):
        return None
    judge = await store.judges.get(found.contest_id, found.judge_id)
    if judge is None or judge.withdrawn:
        return None
    return found, JudgeCaller(found.contest_id, found.judge_id)


async def authenticate(
    store: ReviewStore,
    sign_ins: FailureLimiter,
    credentials: HTTPAuthorizationCredentials | None,
    client: str,
) -> JudgeCaller:
    sign_ins.check(client)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _refused("token-missing", "A judge's bearer token is required")
    known = await judge_of_token(store, credentials.credentials)
    if known is None:
        sign_ins.failed(client)
        raise _refused("token-invalid", "The token is unknown or has expired")
    attribute(contest_id=known[1].contest_id, judge_id=known[1].judge_id)  # never the token
    return known[1]


async def last_due(store: ReviewStore, contest_id: str, judge_id: str) -> datetime | None:
    assignments = await store.assignments.all_under(contest_id, judge_id)
    return max((a.due_at for a in assignments if a.active), default=None)


async def lasting_until(
    store: ReviewStore, grace_days: float, contest_id: str, judge_id: str, hours: float
) -> datetime:
    """`hours` from now, or the judge's last due date plus the grace period if later: a link
    or session must not die before the reviews it is for are due."""
    at_least = datetime.now(UTC) + timedelta(hours=hours)
    due = await last_due(store, contest_id, judge_id)
    if due is None:
        return at_least
    return max(at_least, due + timedelta(days=grace_days))


async def issue_portal_link(
    store: ReviewStore, settings: ReviewSettings, contest_id: str, judge_id: str
) -> JudgePortalLink:
    """A fresh token in a sign-in link; the token itself is returned once and never stored."""
    token = new_token()
    expires_at = await lasting_until(
        store, settings.portal_grace_days, contest_id, judge_id, settings.judge_token_hours
    )
    doc = TokenDoc(contest_id=contest_id, judge_id=judge_id, expires_at=expires_at)
    await store.tokens.put(doc, token_hash(token))
    base = settings.portal_base_url.rstrip("/")
    return JudgePortalLink(url=f"{base}/sign-in/{token}", expires_at=expires_at)
