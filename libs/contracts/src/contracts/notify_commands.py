"""Staff commands answered by notify over request-reply (`cityprize.command.notify.*`).

Every reply is the answer or a `contracts.queries.Refusal`: `judge-unknown` (notify holds no
contact for the judge in that contest), `no-open-reviews` (nothing left for them to score).
"""

from __future__ import annotations

from pydantic import Field

from contracts.commands import Command
from contracts.envelope import Frozen, Slug
from contracts.queries import Reply
from contracts.review_commands import Key


class RemindJudge(Frozen):
    """Email the judge a reminder now, listing every assignment they have not yet scored.

    `request_id` makes the command idempotent: asked twice, the judge gets one email."""

    request_id: Key
    contest_id: Slug
    judge_id: Key
    requested_by: str = Field(min_length=1, max_length=100, description="The staff member.")


class JudgeReminded(Reply):
    request_id: str
    judge_id: str
    open_reviews: int = Field(ge=1, description="How many assignments the reminder named.")


class NotifyCommand:
    """Each staff command notify answers: its subject, request and reply."""

    REMIND_JUDGE = Command("notify", "judge-remind", RemindJudge, JudgeReminded)
