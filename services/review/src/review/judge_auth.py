"""Who is calling the judge API: a personal bearer token, looked up by its hash only."""

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


async def authenticate(
    review: Review, credentials: HTTPAuthorizationCredentials | None
) -> JudgeCaller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _refused("token-missing", "A judge's bearer token is required")
    found = await review.store.tokens.get(token_hash(credentials.credentials))
    if found is None or found.expires_at <= datetime.now(UTC):
        raise _refused("token-invalid", "The token is unknown or has expired")
    judge = await review.store.judges.get(found.contest_id, found.judge_id)
    if judge is None or judge.withdrawn:
        raise _refused("token-invalid", "The token is unknown or has expired")
    attribute(contest_id=found.contest_id, judge_id=found.judge_id)  # the id, never the token
    return JudgeCaller(found.contest_id, found.judge_id)


async def issue_portal_link(review: Review, contest_id: str, judge_id: str) -> JudgePortalLink:
    """A fresh token in a login link; the token itself is returned once and never stored."""
    token = new_token()
    expires_at = datetime.now(UTC) + timedelta(hours=review.settings.judge_token_hours)
    doc = TokenDoc(contest_id=contest_id, judge_id=judge_id, expires_at=expires_at)
    await review.store.tokens.bucket.put(token_hash(token), doc)
    return JudgePortalLink(
        url=f"{review.settings.portal_base_url}#token={token}", expires_at=expires_at
    )
