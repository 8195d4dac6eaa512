"""Which subject reaches which handler: every event review consumes and every request it
answers, in one table. Handlers are module-level functions that declare their dependencies
(`Stored`, `Publishing`, ...), resolved by FastStream from the broker's context
(`main.create_app`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from faststream.nats import NatsRouter
from pydantic import BaseModel

from contracts.queries import JUDGE_PORTAL_LINK
from contracts.review_commands import ReviewCommand
from contracts.subjects import Subject
from review import handlers, judge_commands, results_commands, round_commands
from review.context import answering
from review.settings import ReviewSettings
from servicekit.broker import consumer

REQUESTS: dict[str, Callable[..., Awaitable[BaseModel]]] = {
    JUDGE_PORTAL_LINK: handlers.judge_portal_link,
    ReviewCommand.ROUND_SCREEN: round_commands.screen_round,
    ReviewCommand.ROUND_PROPOSE: round_commands.propose_assignment,
    ReviewCommand.ROUND_COMMIT: round_commands.commit_assignment,
    ReviewCommand.ROUND_CLOSE: round_commands.close_round,
    ReviewCommand.SCREENING_OVERRIDE: round_commands.override_screening,
    ReviewCommand.JUDGES_IMPORT: judge_commands.import_judges,
    ReviewCommand.JUDGES_LIST: judge_commands.list_judges,
    ReviewCommand.JUDGE_WITHDRAW: judge_commands.withdraw_judge,
    ReviewCommand.CONFLICTS_CHECK: judge_commands.check_conflicts,
    ReviewCommand.CONFLICT_PIN: judge_commands.pin_conflict,
    ReviewCommand.FINALISTS_SELECT: results_commands.select_finalists,
    ReviewCommand.RESULTS_PUBLISH: results_commands.publish_results,
    ReviewCommand.STATUS: results_commands.contest_status,
}
"""Request subject -> handler (staff commands from the CLI, notify's query)."""

EVENTS = (
    ("screen-received", Subject.SUBMISSION_RECEIVED, handlers.screen_submission_version),
    ("screen-amended", Subject.SUBMISSION_AMENDED, handlers.screen_submission_version),
    ("tally-score", Subject.REVIEW_SCORED, handlers.tally_review_score),
)
"""(durable purpose, subject, handler): each a durable pull consumer `review-<purpose>`."""


def review_router(settings: ReviewSettings) -> NatsRouter:
    router = answering(settings, REQUESTS)
    for purpose, subject, handler in EVENTS:
        consumer(router, settings, purpose, subject)(handler)
    return router
