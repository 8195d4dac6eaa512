"""Each page shows what the services answer, in words and with its numbers in tables."""

from __future__ import annotations

import httpx

from contracts.review_commands import ContestStatus, ReviewCommand
from tests.unit.console.staff_visits import FakeArchive, FakeReview, sign_in


async def test_the_overview_names_the_next_step_and_counts_by_state_category_and_country(
    client: httpx.AsyncClient,
):
    await sign_in(client)

    page = (await client.get("/console/")).text

    assert "Decide the flagged submissions in the screening queue" in page
    assert "Needs a staff decision" in page
    assert "1 done, 2 still due." in page
    assert '<th scope="row">KR</th><td class="num">2</td>' in page
    assert '<th scope="row">tech-innovacity</th><td class="num">2</td>' in page
    assert "29 hours" in page


async def test_once_nothing_is_flagged_the_next_step_follows_the_stage(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[ReviewCommand.STATUS] = lambda _: ContestStatus(
        contest_id="c", stage="panel-closed", submissions={"eligible": 3}, judges=()
    )
    await sign_in(client)

    page = (await client.get("/console/")).text

    assert "Select the finalists" in page


async def test_applications_are_filtered_by_archive_and_by_text(
    client: httpx.AsyncClient, archive: FakeArchive
):
    await sign_in(client)

    page = await client.get("/console/applications", params={"text": "busan", "country": "kr"})

    assert "1 applications match." in page.text
    assert "s-3" in page.text
    assert "s-2" not in page.text
    assert archive.requests[-1].url.params["country"] == "KR"


async def test_one_application_shows_its_versions_screening_emails_and_events(
    client: httpx.AsyncClient, archive: FakeArchive
):
    archive.routes["/v1/archive/contests/seoul-smart-city-prize-2027/submissions/s-3"] = {
        "submission": {
            "submission_id": "s-3",
            "title": "Busan <script>alert(1)</script>",
            "status": "needs_decision",
            "versions": [
                {
                    "version": 1,
                    "received_at": "2027-03-01T10:00:00Z",
                    "files": [{"name": "plan.pdf", "size": 2048, "sha256": "ab" * 32}],
                }
            ],
            "screening": {
                "outcome": "needs_decision",
                "reasons": ["endorsement letter missing"],
                "override": None,
            },
            "notifications": [
                {
                    "event_type": "notification.sent",
                    "template": "receipt",
                    "recipient_id": "a-busan",
                    "at": "2027-03-01T10:01:00Z",
                }
            ],
        },
        "as_judged": [],
        "events": [{"event_type": "submission.received", "occurred_at": "2027-03-01T10:00:00Z"}],
    }
    await sign_in(client)

    page = (await client.get("/console/applications/s-3")).text

    assert "Busan &lt;script&gt;" in page
    assert "plan.pdf" in page
    assert "endorsement letter missing" in page
    assert "receipt → a-busan" in page
    assert "submission.received" in page
    assert "attributes[&#39;cityprize&#39;][&#39;submission_id&#39;] == &#39;s-3&#39;" in page


async def test_an_unknown_application_answers_404(client: httpx.AsyncClient):
    await sign_in(client)

    assert (await client.get("/console/applications/s-nope")).status_code == 404


async def test_the_record_shows_the_chain_and_the_leaderboard_as_of_a_moment(
    client: httpx.AsyncClient, archive: FakeArchive
):
    archive.routes["/v1/archive/chain"] = {
        "contests": [{"contest_id": "seoul-smart-city-prize-2027", "checked": 42, "intact": True}]
    }
    archive.routes["/v1/archive/contests/seoul-smart-city-prize-2027/leaderboard"] = {
        "as_of": "2027-05-01T12:00:00+00:00",
        "rounds": {
            "panel": {
                "source": "provisional",
                "rankings": {"leadership": [{"submission_id": "s-3", "rank": 1, "score": 7.5}]},
            }
        },
    }
    await sign_in(client)

    page = (await client.get("/console/record", params={"as_of": "2027-05-01T12:00"})).text

    assert "42 records checked, the chain is intact." in page
    assert "7.50" in page
    assert archive.requests[-1].url.params["as_of"] == "2027-05-01T12:00:00+00:00"


async def test_an_export_downloads_as_a_file(client: httpx.AsyncClient, archive: FakeArchive):
    archive.routes["/v1/archive/exports/submissions.csv"] = b"submission_id\ns-1\n"
    await sign_in(client)

    answer = await client.get("/console/record/export.csv")

    assert answer.text == "submission_id\ns-1\n"
    assert "attachment" in answer.headers["content-disposition"]


async def test_a_silent_review_says_so_without_a_trace(
    client: httpx.AsyncClient, review: FakeReview
):
    def silent(_: object) -> object:
        raise TimeoutError

    await sign_in(client)
    review.answers[ReviewCommand.STATUS] = silent

    answer = await client.get("/console/progress")

    assert answer.status_code == 503
    assert "Review did not answer" in answer.text
