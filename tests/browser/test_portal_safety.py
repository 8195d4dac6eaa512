"""What keeps the portal safe, seen from a browser: blind review, other judges' pages, and an
applicant's script in a title."""

from __future__ import annotations

import re

from playwright.sync_api import Dialog, Page, expect
from portal_stage import APPLYING, XSS_TITLE, Stage  # type: ignore[import-not-found]


def test_the_blind_contest_shows_no_applicant_identity_on_any_submission_page(
    stage: Stage, page: Page
):
    assert stage.contest.blind_review
    judge = stage.judge_with(1)
    page.goto(stage.fresh_link(judge))

    for assignment_id in stage.titles[judge]:
        page.goto(f"{stage.endpoints.judge_portal}assignments/{assignment_id}")
        text = page.locator("body").inner_text()
        application = page.locator("dl.fields").inner_text()
        for applicant in APPLYING:
            for identity in (applicant.name, applicant.email, applicant.organisation):
                assert identity not in text
            # The judge's own zone may name a city (Africa/Nairobi), so only the application.
            assert applicant.city not in application
        links = page.locator("main table a")
        for n in range(links.count()):
            assert re.fullmatch(r"(Open|Download) file-\d+\.\w+.*", links.nth(n).inner_text())


def test_a_second_judge_cannot_open_the_first_judges_assignment(stage: Stage, page: Page):
    first = stage.judge_with(1)
    second = stage.judge_with(1, not_=(first,))
    theirs = next(a for a in stage.titles[first] if a not in stage.titles[second])
    page.goto(stage.fresh_link(second))

    for path in ("", "/score", "/conflict", "/files/1"):
        answer = page.goto(f"{stage.endpoints.judge_portal}assignments/{theirs}{path}")
        assert answer is not None
        assert answer.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_a_script_in_an_applications_title_shows_as_text_and_never_runs(stage: Stage, page: Page):
    judge = stage.judge_of(XSS_TITLE)
    dialogs: list[str] = []

    def seen(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    page.goto(stage.fresh_link(judge))

    expect(page.get_by_role("link", name=XSS_TITLE, exact=True)).to_be_visible()
    page.get_by_role("link", name=XSS_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(XSS_TITLE)
    # Another test may have scored it already on the shared stage: either wording will do.
    page.get_by_role(
        "link", name=re.compile(r"^(Score this submission|Change your scores)$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Score: {XSS_TITLE}")
    assert dialogs == []
