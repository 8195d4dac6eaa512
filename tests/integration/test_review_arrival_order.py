"""Screening does not depend on the order applications reach review: an application received
earlier but delivered later (an outbox held back by an outage, a redelivery) still makes
the later one of the same project a case for staff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from test_review_round import received, review_settings, store_file  # type: ignore[import-not-found]

import review.main
from contracts.contest import Contest
from contracts.events import ContestConfigured, SubmissionScreened
from contracts.subjects import Stream
from servicekit.broker import jetstream, publish_event
from servicekit.embedded import S3Server
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

RECEIVED_AT = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


async def test_an_application_received_earlier_but_delivered_later_flags_the_later_one(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    app = review.main.create_app(review_settings(nats_url, s3_server, s3_bucket))
    async with running(app):
        broker, state = broker_of(app), app.state.review
        await publish_event(
            broker, ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest)
        )
        await eventually(lambda: state.contests.get(seoul_contest.id), what="contest kept")
        plan = store_file(s3_server, s3_bucket, "k/plan.pdf", b"%PDF-1.4 plan")
        first, second = (
            received(seoul_contest.id, sid, country, city, "Matatu Routes", (plan,)).model_copy(
                update={"occurred_at": RECEIVED_AT + timedelta(seconds=offset)}
            )
            for sid, country, city, offset in (
                ("s-ke", "KE", "Nairobi", 0),
                ("s-ug", "UG", "Kampala", 5),
            )
        )

        # The one received second is delivered (and screened) first.
        await publish_event(broker, second)
        await eventually(
            lambda: state.store.submissions.get(seoul_contest.id, "s-ug"),
            until=lambda doc: doc is not None and doc.screening is not None,
            what="the later application screened",
        )
        assert (await state.store.submissions.get(seoul_contest.id, "s-ug")).screening == "eligible"
        await publish_event(broker, first)

        later = await eventually(
            lambda: state.store.submissions.get(seoul_contest.id, "s-ug"),
            until=lambda doc: doc is not None and doc.screening == "needs_decision",
            what="the later application re-screened",
        )
        earlier = await state.store.submissions.get(seoul_contest.id, "s-ke")
        assert later.reasons == ("the same project as submission s-ke",)
        assert earlier is not None
        assert (earlier.screening, earlier.reasons) == ("eligible", ())
        js = jetstream(broker)
        screened = []
        for seq in range(1, (await js.stream_info(Stream.EVENTS)).state.last_seq + 1):
            message = await js.get_msg(Stream.EVENTS, seq)
            if message.subject == SubmissionScreened.subject:
                event = SubmissionScreened.model_validate_json(message.data or b"")
                screened.append((event.submission_id, event.outcome))
        assert screened == [
            ("s-ug", "eligible"),
            ("s-ke", "eligible"),
            ("s-ug", "needs_decision"),
        ], "the correction is announced, in order, after the first outcome"
