"""axe-core finds no serious or critical violation on any portal page, in English or Korean;
the pages work from the keyboard alone with a visible focus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from portal_stage import Stage, serious_violations  # type: ignore[import-not-found]


@pytest.fixture
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """The pages forbid inline scripts; only this context may inject axe into them."""
    opened = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
    yield opened
    opened.close()


def every_page(stage: Stage, page: Page, judge: str) -> Iterator[str]:
    """Visit each kind of page; yields its name once it is on screen."""
    base = stage.endpoints.judge_portal
    assignment_id = next(iter(stage.titles[judge]))
    yield "list"
    page.goto(f"{base}assignments/{assignment_id}")
    yield "submission"
    page.goto(f"{base}assignments/{assignment_id}/score")
    yield "scoring"
    with page.expect_navigation():
        page.locator("button[value=submit]").click()
    yield "scoring with errors"
    page.goto(f"{base}assignments/{assignment_id}/conflict")
    yield "conflict"
    with page.expect_navigation():
        page.locator("form[action$=conflict] button").click()
    yield "conflict with errors"
    page.goto(f"{base}assignments/not-mine")
    yield "not found"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_page_has_a_serious_accessibility_violation(
    stage: Stage, axe_context: BrowserContext, language: str
):
    judge = stage.judge_with(1)
    page = axe_context.new_page()
    link = stage.fresh_link(judge)
    page.goto(link)
    page.goto(f"{stage.endpoints.judge_portal}language?to={language}&back=%2Fjudge%2F")
    expect(page.locator("html")).to_have_attribute("lang", language)
    found = {name: serious_violations(page) for name in every_page(stage, page, judge)}
    page.goto(f"{stage.endpoints.judge_portal}")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out" if language == "en" else "로그아웃").click()
    found["signed out"] = serious_violations(page)
    page.goto(f"{stage.endpoints.judge_portal}")
    found["sign-in needed"] = serious_violations(page)
    page.goto(link)  # used now: the page that says so
    found["used link"] = serious_violations(page)

    assert {name: v for name, v in found.items() if v} == {}


def test_a_judge_can_reach_and_use_the_scoring_form_by_keyboard_with_a_visible_focus(
    stage: Stage, page: Page
):
    judge = stage.judge_with(1)
    page.goto(stage.fresh_link(judge))
    assignment_id = next(iter(stage.titles[judge]))
    page.goto(f"{stage.endpoints.judge_portal}assignments/{assignment_id}/score")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id || document.activeElement.tagName")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "BODY"
    assert outline == "solid", "the focused element shows a focus ring"
