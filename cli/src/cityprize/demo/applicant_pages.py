"""Demo step: one applicant applies through the applicant pages (`/apply/`) in headless
Chromium, signing in with the key staff issued; screenshots of the sign-in, the contest,
the form (first with its errors), and the received application, in English and Korean, go
to `<var>/screenshots/apply-*.png`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import FilePayload, Page, async_playwright

from cityprize.demo.applying import Applied, application_form, documents
from cityprize.demo.browser import CHROMIUM_ARGS, chromium_path
from cityprize.demo.data import DemoApplicant
from contracts.intake_commands import ApplicantKey

BROWSER_ZONE = "America/Bogota"  # the demo's applicant on the pages is in Medellín


async def _shoot(page: Page, shots: Path | None, name: str, *, korean: bool = True) -> None:
    """The page as it stands in English, then (with `korean`) switched and back."""
    if shots is None:
        return
    await page.screenshot(path=str(shots / f"apply-{name}-en.png"), full_page=True)
    if korean:
        await page.locator("a[hreflang=ko]").click()
        await page.wait_for_load_state()
        await page.screenshot(path=str(shots / f"apply-{name}-ko.png"), full_page=True)
        await page.locator("a[hreflang=en]").click()
        await page.wait_for_load_state()


async def _fill(page: Page, form: dict[str, Any]) -> None:
    project, contact = form["project"], form["contact"]
    await page.locator(f"#category-{form['category']}").check()
    for sector in form["sectors"]:
        await page.locator(f"#sector-{sector}").check()
    values = {
        "#title": form["title"],
        "#summary": form["summary"],
        "#project-start": project["start"],
        "#project-end": project["end"],
        "#budget-amount": str(project["budget"]["amount"]),
        "#budget-currency": project["budget"]["currency"],
        "#partners": "\n".join(form["partners"]),
        "#contact-name": contact["name"],
        "#contact-email": contact["email"],
        "#contact-phone": contact["phone"],
    }
    if form.get("on_behalf_of_city"):
        values["#on-behalf-of-city"] = form["on_behalf_of_city"]
    for selector, value in values.items():
        await page.locator(selector).fill(value)
    await page.locator(f"#language-{form['language']}").check()
    await page.locator("#consent").check()


async def apply_in_browser(
    intake: str,
    contest_id: str,
    key: ApplicantKey,
    applicant: DemoApplicant,
    seed: int,
    shots: Path | None = None,
) -> Applied:
    """Sign in with the key, send the form with the demo's documents, read it back."""
    files = documents(applicant, seed)
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
        # A browser somewhere else than the contest's zone: the pages show times in its zone.
        page = await browser.new_page(
            viewport={"width": 1100, "height": 900}, timezone_id=BROWSER_ZONE
        )
        await page.goto(f"{intake}/apply/contests/{contest_id}")
        await _shoot(page, shots, "contest")
        await page.goto(f"{intake}/apply/")
        await _shoot(page, shots, "sign-in")
        await page.locator("#key").fill(key.api_key)
        await page.locator("form[action$=sign-in] button").click()
        await page.locator("a[href='/apply/new']").click()
        await page.locator("form[data-upload] button[type=submit]").click()
        await page.locator("#error-summary").wait_for()
        await _shoot(page, shots, "errors", korean=False)
        await page.goto(f"{intake}/apply/new")
        await _shoot(page, shots, "form")
        await _fill(page, application_form(applicant))
        chosen: dict[str, list[FilePayload]] = {}
        for part, (name, data, kind) in files:
            chosen.setdefault(part, []).append(FilePayload(name=name, mimeType=kind, buffer=data))
        for part, payloads in chosen.items():  # all of an input's files at once
            await page.locator(f"#{part}").set_input_files(payloads)
        await page.locator("form[data-upload] button[type=submit]").click()
        await page.wait_for_url("**/apply/submissions/**", timeout=60_000)
        submission_id = page.url.split("/apply/submissions/")[1].split("?")[0]
        await _shoot(page, shots, "received")
        await page.locator("a[href='/apply/']").first.click()
        await _shoot(page, shots, "mine")
        await browser.close()
    return Applied(applicant, key.applicant_id, submission_id, len(files))
