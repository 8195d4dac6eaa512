"""An observer reads every page and changes nothing: every form is refused with a 403 page,
and nothing reaches review."""

from __future__ import annotations

import httpx
import pytest

from contracts.review_commands import ReviewCommand
from tests.unit.console.staff_visits import FakeArchive, FakeReview, sign_in

FORMS = [
    "/console/screening/s-3",
    "/console/screening-again",
    "/console/judges/import",
    "/console/judges/j-kim/withdraw",
    "/console/judges/j-kim/pin",
    "/console/assignment/propose",
    "/console/assignment/commit",
    "/console/progress/close",
    "/console/progress/remind",
    "/console/results/finalists",
    "/console/results/confirm",
    "/console/results/publish",
]
PAGES = ["/console/", "/console/applications", "/console/screening", "/console/progress"]


@pytest.mark.parametrize("form", FORMS)
async def test_an_observer_is_refused_every_form(
    client: httpx.AsyncClient, review: FakeReview, form: str
):
    token = await sign_in(client, "joon")
    asked_before = len(review.asked)

    answer = await client.post(
        form, data={"csrf": token}, files={"file": ("judges.csv", b"x", "text/csv")}
    )

    assert answer.status_code == 403
    assert "Observers cannot change anything" in answer.text
    assert len(review.asked) == asked_before


@pytest.mark.parametrize("path", PAGES)
async def test_an_observer_reads_every_page_without_its_forms(
    client: httpx.AsyncClient, archive: FakeArchive, path: str
):
    await sign_in(client, "joon")

    answer = await client.get(path)

    assert answer.status_code == 200
    assert "Role: observer (read only)" in answer.text
    assert 'name="outcome"' not in answer.text


async def test_a_secretariat_form_without_the_session_token_is_refused(
    client: httpx.AsyncClient, review: FakeReview
):
    await sign_in(client, "mina")

    answer = await client.post("/console/progress/close", data={"csrf": "forged"})

    assert answer.status_code == 403
    assert review.sent(ReviewCommand.ROUND_CLOSE) == []
