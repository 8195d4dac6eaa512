"""Notify's consumers: one durable each, thin translators from a fact to the notifier."""

from __future__ import annotations

from typing import Annotated

from faststream.nats import NatsRouter
from faststream.nats.message import NatsMessage as Delivery

from contracts.events import (
    ArrivingVersion,
    JudgeLinkRequested,
    JudgeRegistered,
    ResultsPublished,
    ReviewAssigned,
    ReviewScored,
    ReviewUnassigned,
    ScreeningVerdict,
)
from contracts.notify_commands import JudgeReminded, NotifyCommand, RemindJudge
from contracts.queries import Refusal
from contracts.subjects import Subject
from notify.jobs import JobRunner
from notify.postman import Attempt
from notify.reminding import remind_judge
from notify.settings import NotifySettings
from servicekit.broker import consumer
from servicekit.handler_context import FromContext
from servicekit.replies import responder

# The message being handled, read on the event loop (`faststream.nats.annotations.NatsMessage`
# resolves it on a worker thread: a hand-off and a wake-up of the loop per message).
NatsMessage = Annotated[Delivery, FromContext("message")]


def attempt(message: Delivery, settings: NotifySettings) -> Attempt:
    """This delivery of the message: the last the policy allows (a failure is announced now,
    as the policy dead-letters next), kept in hand while an email is on its way."""
    final = message.raw_message.metadata.num_delivered >= settings.max_deliveries
    return Attempt(final=final, keepalive=message.in_progress)


def notify_router(settings: NotifySettings, runner: JobRunner) -> NatsRouter:
    notifier, portal = runner.notifier, runner.portal
    router = NatsRouter()

    @responder(router, settings, NotifyCommand.REMIND_JUDGE)
    async def send_reminder_now(command: RemindJudge) -> JudgeReminded | Refusal:
        return await remind_judge(command, runner)

    @consumer(router, settings, "send-sign-in-link", Subject.JUDGE_LINK_REQUESTED)
    async def send_sign_in_link(event: JudgeLinkRequested, message: NatsMessage) -> None:
        await notifier.send_sign_in_link(event, portal, attempt(message, settings))

    # A version and its amendments, a screening and its override: one handler each, on a
    # durable per subject, as the stream has them apart.
    @consumer(router, settings, "acknowledge-submission", Subject.SUBMISSION_RECEIVED)
    @consumer(router, settings, "acknowledge-amendment", Subject.SUBMISSION_AMENDED)
    async def acknowledge_submission(event: ArrivingVersion, message: NatsMessage) -> None:
        await notifier.acknowledge_submission(event, attempt(message, settings))

    @consumer(router, settings, "tell-screening", Subject.SUBMISSION_SCREENED)
    @consumer(router, settings, "tell-screening-override", Subject.SCREENING_OVERRIDDEN)
    async def tell_screening(event: ScreeningVerdict, message: NatsMessage) -> None:
        await notifier.tell_screening(event, attempt(message, settings))

    @consumer(router, settings, "record-judge", Subject.JUDGE_REGISTERED)
    async def record_judge(event: JudgeRegistered) -> None:
        await notifier.record_judge(event)

    @consumer(router, settings, "plan-review", Subject.REVIEW_ASSIGNED)
    async def plan_review(event: ReviewAssigned) -> None:
        await notifier.plan_review(event)

    @consumer(router, settings, "cancel-reminders", Subject.REVIEW_SCORED)
    @consumer(router, settings, "cancel-unassigned-reminders", Subject.REVIEW_UNASSIGNED)
    async def cancel_reminders(event: ReviewScored | ReviewUnassigned) -> None:
        await notifier.cancel_reminders(event.assignment_id)

    @consumer(router, settings, "announce-results", Subject.RESULTS_PUBLISHED)
    async def announce_results(event: ResultsPublished, message: NatsMessage) -> None:
        await notifier.announce_results(event, attempt(message, settings))

    return router
