"""Demo step: one judge scores entirely through the judge portal, in headless Chromium,
from the link in their email; screenshots of the list, a submission and the scoring page
in English and Korean go to `<var>/screenshots/`."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page, async_playwright

from cityprize.demo.browser import CHROMIUM_ARGS, chromium_path
from cityprize.demo.data import DemoApplicant, DemoJudge
from cityprize.demo.judging import GivenScores, score_for
from contracts.contest import Contest


async def _shoot(page: Page, shots: Path | None, name: str) -> None:
    if shots is not None:  # Playwright makes the folder
        await page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


async def _in_korean_too(page: Page, shots: Path | None, name: str) -> None:
    """The same page in Korean (the switch every page has), then back to English."""
    if shots is None:
        return
    await page.get_by_role("link", name="Read this page in Korean").click()
    await page.wait_for_url("**/judge/**")
    await _shoot(page, shots, f"{name}-ko")
    await page.get_by_role("link", name="이 페이지를 영어로 보기").click()
    await page.wait_for_url("**/judge/**")


async def score_in_browser(
    link: str,
    judge: DemoJudge,
    by_title: dict[str, DemoApplicant],
    contest: Contest,
    shots: Path | None = None,
) -> list[GivenScores]:
    """Open the emailed link, then score every assignment on the list through the forms."""
    given: list[GivenScores] = []
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
        page = await browser.new_page(viewport={"width": 1100, "height": 900})
        await page.goto(link)
        await _shoot(page, shots, "list-en")
        await _in_korean_too(page, shots, "list")
        rows = page.locator("main table a")
        addresses = [await rows.nth(n).get_attribute("href") for n in range(await rows.count())]
        for number, address in enumerate(a for a in addresses if a):
            await page.goto(page.url.split("/judge/")[0] + address)
            if number == 0:
                await _shoot(page, shots, "submission-en")
                await _in_korean_too(page, shots, "submission")
            title = await page.locator("h1").inner_text()
            applicant = by_title[title]
            rubric = contest.category(applicant.category).rubric
            await page.locator("a.button").click()
            if number == 0:  # before typing: the switch reloads the page
                await _in_korean_too(page, shots, "scoring")
            scores: dict[str, float] = {}
            for criterion in contest.rubrics[rubric].criteria:
                value = score_for(applicant, judge, criterion.slug, contest, rubric)
                scores[criterion.slug] = value
                await page.locator(f"#score-{criterion.slug}").fill(f"{value:g}")
            await page.locator("#comment").fill(f"Reviewed by {judge.name} in the portal.")
            if number == 0:
                await _shoot(page, shots, "scoring-en")
            await page.get_by_role("button", name="Submit scores").click()
            await page.get_by_text("Your scores are submitted").wait_for()
            given.append(GivenScores(judge.judge_id, applicant.key, scores))
        await browser.close()
    return given
