"""A judge scores in the portal, from the link in the caught assignment email to the record
the archive keeps of what they judged."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect
from portal_stage import STAFF_TOKEN, Stage  # type: ignore[import-not-found]


def archived(stage: Stage, submission_id: str) -> dict[str, Any]:
    """The archive's record of a submission: its scores and what each judge saw."""
    answer = httpx.get(
        f"{stage.endpoints.archive}/v1/archive/contests/{stage.contest.id}"
        f"/submissions/{submission_id}",
        headers={"Authorization": f"Bearer {STAFF_TOKEN}"},
        timeout=10,
    )
    answer.raise_for_status()
    record: dict[str, Any] = answer.json()
    return record


def scored_in(record: dict[str, Any], assignment_id: str) -> bool:
    return any(
        s["assignment_id"] == assignment_id and s["revision"] == 1 for s in record["as_judged"]
    )


def test_a_judge_opens_the_emailed_link_drafts_one_review_and_submits_another(
    stage: Stage, page: Page
):
    judge = stage.judge_with(2)
    titles = stage.titles[judge]
    (first_id, first), (second_id, second) = sorted(titles.items())[:2]
    criteria = [c.slug for c in stage.contest.rubric_for("tech-innovacity").criteria]

    page.goto(stage.emailed[judge])

    expect(page).to_have_url(re.compile(r"/judge/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My assignments")
    for title in titles.values():
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text(f"0 of {len(titles)} done")).to_be_visible()

    page.get_by_role("link", name=first, exact=True).click()
    page.get_by_role("link", name="Score this submission").click()
    page.get_by_label(re.compile("^Score for Problem-centred innovation")).fill("6")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()

    page.get_by_role("link", name="My assignments").click()
    page.get_by_role("link", name=second, exact=True).click()
    page.get_by_role("link", name="Score this submission").click()
    for slug in criteria:
        page.locator(f"#score-{slug}").fill("8")
    page.locator(f"#comment-{criteria[0]}").fill("A real problem, well framed.")
    page.get_by_label("Overall comment (optional)").fill("Convincing and measured.")
    page.get_by_role("button", name="Submit scores").click()
    expect(page.get_by_text("Your scores are submitted")).to_be_visible()

    page.get_by_role("link", name="My assignments").click()
    rows = {
        title: page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
        for title in (first, second)
    }
    expect(rows[first]).to_contain_text("Draft saved")
    expect(rows[second]).to_contain_text("Submitted")
    expect(page.get_by_text(f"1 of {len(titles)} done")).to_be_visible()

    in_review = stage.api(judge, f"/{second_id}")
    assert in_review["scores"] == dict.fromkeys(criteria, 8)
    assert in_review["comment"] == "Convincing and measured."
    assert stage.api(judge, f"/{first_id}")["revision"] == 0, "a draft is not a score"
    submission_id = in_review["submission"]["submission_id"]
    deadline = time.monotonic() + 30
    while not scored_in(record := archived(stage, submission_id), second_id):
        assert time.monotonic() < deadline, "the archive kept no as-judged record in 30 s"
        time.sleep(0.5)
    [kept] = [s for s in record["submission"]["scores"] if s["assignment_id"] == second_id]
    assert kept["scores"] == dict.fromkeys(criteria, 8)


def test_every_judges_emailed_link_shows_their_own_assignments_by_title(
    stage: Stage, browser: Browser
):
    drafted = stage.judge_with(2)  # whose link the test above opened
    for judge, titles in stage.titles.items():
        if judge == drafted:
            continue
        context = browser.new_context()
        page = context.new_page()
        page.goto(stage.emailed[judge])
        expect(page).to_have_url(re.compile(r"/judge/$"))
        shown = page.locator("main table a").all_inner_texts()
        assert sorted(shown) == sorted(titles.values()), judge
        context.close()
