"""Who is calling the judge API: a personal bearer token, looked up by its hash only.

Failed attempts are counted per client (`review.sign_ins`): past the limit a client is
answered `429` with `Retry-After` before its token is even looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi.security import HTTPAuthorizationCredentials

from contracts.queries import JudgePortalLink
from review.context import Review
from review.domain.tokens import new_token, token_hash
from review.records import TokenDoc
from servicekit.attribution import attribute
from servicekit.problems import ProblemError

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="cityprize-judges"'}


@dataclass(frozen=True)
class JudgeCaller:
    contest_id: str
    judge_id: str


def _refused(kind: str, title: str) -> ProblemError:
    return ProblemError(401, kind, title, headers=_CHALLENGE)


async def judge_of_token(review: Review, token: str) -> tuple[TokenDoc, JudgeCaller] | None:
    """The token's record and judge, or None when it is unknown, expired or withdrawn."""
    found = await review.store.tokens.get(token_hash(token))
    if found is None or found.expires_at <= datetime.now(UTC):
        return None
    judge = await review.store.judges.get(found.contest_id, found.judge_id)
    if judge is None or judge.withdrawn:
        return None
    return found, JudgeCaller(found.contest_id, found.judge_id)


async def authenticate(
    review: Review, credentials: HTTPAuthorizationCredentials | None, client: str
) -> JudgeCaller:
    review.sign_ins.check(client)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _refused("token-missing", "A judge's bearer token is required")
    known = await judge_of_token(review, credentials.credentials)
    if known is None:
        review.sign_ins.failed(client)
        raise _refused("token-invalid", "The token is unknown or has expired")
    attribute(contest_id=known[1].contest_id, judge_id=known[1].judge_id)  # never the token
    return known[1]


async def last_due(review: Review, contest_id: str, judge_id: str) -> datetime | None:
    assignments = await review.store.assignments.all_under(contest_id, judge_id)
    return max((a.due_at for a in assignments if a.active), default=None)


async def lasting_until(review: Review, contest_id: str, judge_id: str, hours: float) -> datetime:
    """`hours` from now, or the judge's last due date plus the grace period if later: a link
    or session must not die before the reviews it is for are due."""
    at_least = datetime.now(UTC) + timedelta(hours=hours)
    due = await last_due(review, contest_id, judge_id)
    if due is None:
        return at_least
    return max(at_least, due + timedelta(days=review.settings.portal_grace_days))


async def issue_portal_link(review: Review, contest_id: str, judge_id: str) -> JudgePortalLink:
    """A fresh token in a sign-in link; the token itself is returned once and never stored."""
    token = new_token()
    expires_at = await lasting_until(
        review, contest_id, judge_id, review.settings.judge_token_hours
    )
    doc = TokenDoc(contest_id=contest_id, judge_id=judge_id, expires_at=expires_at)
    await review.store.tokens.put(doc, token_hash(token))
    base = review.settings.portal_base_url.rstrip("/")
    return JudgePortalLink(url=f"{base}/sign-in/{token}", expires_at=expires_at)
