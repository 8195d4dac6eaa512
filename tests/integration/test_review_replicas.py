"""Two review replicas updating the same submission at the same time lose no update."""

from __future__ import annotations

import asyncio

from test_review_round import received, review_settings, store_file  # type: ignore[import-not-found]

import review.main
from contracts.contest import Contest
from contracts.events import ContestConfigured, ReviewScored
from contracts.subjects import Stream
from review.context import Review
from review.scoring import tally_score
from servicekit.broker import jetstream, publish_event
from servicekit.embedded import S3Server
from servicekit.kv import RevisionConflictError
from tests.support.service_apps import broker_of, running
from tests.support.waiting import consumer_drained, eventually


def scored(contest_id: str, n: int) -> ReviewScored:
    return ReviewScored(
        contest_id=contest_id,
        round="panel",
        assignment_id=f"a-{n:03d}",
        judge_id=f"j-{n:03d}",
        submission_id="s-ke",
        submission_version=1,
        scores={"problem-centred-innovation": float(1 + n % 10)},
        revision=1,
    )


async def test_two_replicas_scoring_one_submission_at_once_lose_no_update(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    apps = [
        review.main.create_app(review_settings(nats_url, s3_server, s3_bucket)) for _ in range(2)
    ]
    async with running(apps[0]), running(apps[1]):
        first, second = (app.state.review for app in apps)
        await publish_event(
            broker_of(apps[0]),
            ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest),
        )
        await eventually(lambda: second.contests.get(seoul_contest.id), what="contest kept")
        letter = store_file(s3_server, s3_bucket, "k/letter.pdf", b"%PDF-1.4 letter")
        await publish_event(
            broker_of(apps[0]),
            received(seoul_contest.id, "s-ke", "KE", "Nairobi", "Matatu routes", (letter,)),
        )

        async def screened() -> bool:
            doc = await first.store.submissions.get(seoul_contest.id, "s-ke")
            return doc is not None and doc.screening is not None

        await eventually(screened, what="the submission screened")
        events = [scored(seoul_contest.id, n) for n in range(40)]

        # Each replica applies its share through its own connection, at the same time, on
        # one document: every write names the revision it read, so one of them must retry.
        # A write that keeps losing the race raises (never overwrites); like the stream's
        # redelivery, the writer then tries again.
        async def apply(replica: Review, share: list[ReviewScored]) -> None:
            for event in share:
                while True:
                    try:
                        await tally_score(replica.store, event)
                        break
                    except RevisionConflictError:
                        continue

        await asyncio.gather(apply(first, events[0:20:2]), apply(second, events[1:20:2]))
        # The rest through the stream, where both replicas pull from the same durable.
        for event in events[20:]:
            await publish_event(broker_of(apps[0]), event)

        async def counted() -> int:
            doc = await second.store.submissions.get(seoul_contest.id, "s-ke")
            return len(doc.ratings) if doc else 0

        await eventually(counted, until=lambda n: n == 40, timeout=20, what="every score counted")
        js = jetstream(broker_of(apps[0]))
        info = await js.consumer_info(Stream.EVENTS, "review-tally-score")
        assert info.num_ack_pending == 0
        dead = await js.stream_info(Stream.DEAD_LETTER)
        assert dead.state.messages == 0, "no score was given up on"


async def test_one_city_applying_many_times_at_once_still_meets_its_cap(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    # One replica handles up to CONSUMER_CONCURRENCY messages side by side: the city's
    # applications arrive together and are screened together.
    app = review.main.create_app(
        review_settings(nats_url, s3_server, s3_bucket, consumer_concurrency=8)
    )
    async with running(app):
        replica: Review = app.state.review
        broker = broker_of(app)
        await publish_event(
            broker, ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest)
        )
        await eventually(lambda: replica.contests.get(seoul_contest.id), what="contest kept")
        letter = store_file(s3_server, s3_bucket, "k/letter-many.pdf", b"%PDF-1.4 letter")
        ids = [f"s-many-{n}" for n in range(6)]
        await asyncio.gather(
            *(
                publish_event(
                    broker,
                    received(seoul_contest.id, sid, "KE", "Mombasa", f"Ferry line {n}", (letter,)),
                )
                for n, sid in enumerate(ids)
            )
        )

        async def outcomes() -> list[str]:
            docs = [await replica.store.submissions.get(seoul_contest.id, sid) for sid in ids]
            return [doc.screening or "unscreened" if doc else "unseen" for doc in docs]

        await eventually(
            outcomes,
            until=lambda found: not {"unscreened", "unseen"} & set(found),
            what="all six screened",
        )
        # An entry screened before an earlier one arrived is screened again by that one's
        # handler: the outcome is final once every arrival has been handled.
        await consumer_drained(nats_url, Stream.EVENTS, "review-screen-received")
        found = await outcomes()
        assert sorted(found) == sorted(
            ["eligible"] * seoul_contest.per_city_cap
            + ["needs_decision"] * (len(ids) - seoul_contest.per_city_cap)
        )
