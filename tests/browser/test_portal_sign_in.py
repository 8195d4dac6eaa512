"""Signing in and out in the browser: a used link explains itself and emails a new one on
request (through notify, caught as `.eml`); sign-out ends the session."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from portal_stage import Stage  # type: ignore[import-not-found]

from cityprize.demo import judging
from cityprize.demo.data import JUDGES


def newest_link(stage: Stage, judge_id: str, after: float) -> str | None:
    """The sign-in link of the newest email to the judge caught after `after`, if any."""
    mail = Path(stage.endpoints.mail_folder)
    return judging.links_from_mail(mail, JUDGES, since=after).get(judge_id)


def test_a_used_link_explains_itself_and_emails_a_new_link_that_works(
    stage: Stage, browser: Browser, page: Page
):
    judge = stage.judge_with(1)
    link = stage.fresh_link(judge)
    elsewhere = browser.new_context()  # an email scanner, or another device, used it first
    elsewhere.new_page().goto(link)
    elsewhere.close()
    asked_at = time.time()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This sign-in link has already been used"
    )
    page.get_by_role("button", name="Email me a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    deadline = time.monotonic() + 30
    while (new := newest_link(stage, judge, asked_at)) is None:
        assert time.monotonic() < deadline, "no new sign-in link was emailed within 30 s"
        time.sleep(0.5)
    assert new != link
    page.goto(new)
    expect(page).to_have_url(re.compile(r"/judge/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My assignments")


def test_signing_out_ends_the_session(stage: Stage, page: Page):
    judge = stage.judge_with(1)
    page.goto(stage.fresh_link(judge))
    assignment_id = next(iter(stage.titles[judge]))

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are signed out")
    answer = page.goto(f"{stage.endpoints.judge_portal}assignments/{assignment_id}")

    assert answer is not None
    assert answer.status == 401
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in with the link from your email"
    )
