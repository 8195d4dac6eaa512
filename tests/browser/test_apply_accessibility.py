"""axe-core finds no serious or critical violation on any applicant page, in English or
Korean; the form works from the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apply_stage import fill_form, newcomer, registered, sign_in  # type: ignore[import-not-found]
from playwright.sync_api import Browser, BrowserContext, Page, expect
from portal_stage import Stage, serious_violations  # type: ignore[import-not-found]


@pytest.fixture
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """The pages forbid inline scripts; only this context may inject axe into them."""
    opened = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
    yield opened
    opened.close()


def every_page(stage: Stage, page: Page) -> Iterator[str]:
    """Visit each kind of page, signed in; yields its name once it is on screen."""
    base = f"{stage.endpoints.intake}/apply"
    yield "my submissions"
    page.goto(f"{base}/new")
    yield "form"
    page.locator("form[data-upload] button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    yield "form with errors"
    page.goto(f"{base}/contests/{stage.contest.id}")
    yield "contest"
    page.goto(f"{base}/submissions/{stage.applied[0].submission_id}")
    yield "not found"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_applicant_page_has_a_serious_accessibility_violation(
    stage: Stage, axe_context: BrowserContext, language: str
):
    page = axe_context.new_page()
    base = f"{stage.endpoints.intake}/apply"
    page.goto(f"{base}/language?to={language}&back=%2Fapply%2F")
    expect(page.locator("html")).to_have_attribute("lang", language)
    found = {"sign in": serious_violations(page)}
    page.locator("#key").fill(registered(stage, newcomer(f"axe-{language}", "Narva", "EE")).api_key)
    with page.expect_navigation():
        page.locator("form[action$=sign-in] button").click()
    found.update({name: serious_violations(page) for name in every_page(stage, page)})

    assert {name: v for name, v in found.items() if v} == {}


def test_an_applicant_can_fill_the_form_by_keyboard_and_errors_take_the_focus(
    stage: Stage, page: Page
):
    sign_in(page, stage, registered(stage, newcomer("keyboard", "Haapsalu", "EE")))
    page.goto(f"{stage.endpoints.intake}/apply/new")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first category
    expect(page.get_by_label("Tech-InnovaCity")).to_be_checked()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused element shows a focus ring"
    fill_form(page, "")
    page.get_by_label("Project title").press("Enter")  # Enter in a field sends the form

    expect(page.locator("#error-summary")).to_be_focused()
