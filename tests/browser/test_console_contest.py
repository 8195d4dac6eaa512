"""A whole contest run from the staff console alone, in Debian's Chromium over the real
services: sign in, import judges (a file with one bad line first), decide a flagged
screening, propose and commit the assignment, watch progress and send a judge a reminder
now, close the round, select finalists, publish; then the events, the emails and the archive
agree. An observer is refused every form; axe finds nothing serious on any page in either
language; the pages work from the keyboard. The console's own contest on the platform all
browser tests share (`console_stage.py`); the tests run in order, each on the contest as the
one before left it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from console_stage import (  # type: ignore[import-not-found]
    APPLYING,
    OBSERVER,
    SECRETARIAT,
    ConsoleStage,
    judge_file,
    staged_console,
)
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect
from portal_stage import STAFF_TOKEN, Stage, serious_violations  # type: ignore[import-not-found]

from cityprize.demo.report import TEMPLATE_HEADER, caught

# `CONSOLE_SCREENSHOTS=docs/screenshots pytest tests/browser -k console` renews the README's
# screenshots; a plain run takes none, so tests leave the tree as it was.
SHOTS = os.environ.get("CONSOLE_SCREENSHOTS", "")
SECTIONS = (
    *("", "applications", "screening", "judges"),
    *("assignment", "progress", "results", "record"),
)


@pytest.fixture(scope="module")
def ours(stage: Stage) -> ConsoleStage:
    """The console's contest on the platform every browser test shares (conftest.py)."""
    return staged_console(stage.endpoints, Path(stage.endpoints.mail_folder).parent, STAFF_TOKEN)


def sign_in(page: Page, ours: ConsoleStage, who: tuple[str, str] = SECRETARIAT) -> None:
    page.goto(f"{ours.console}sign-in")
    page.get_by_label("Staff name").fill(who[0])
    page.get_by_label("Password").fill(who[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Contest overview")).to_be_visible()


def until(page: Page, url: str, shown: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Reload `url` until `shown()` (the services fold events in their own time)."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if shown():
            return
        assert time.monotonic() < deadline, f"waited {timeout}s for {what}"
        time.sleep(1)


def remind_a_judge(page: Page, ours: ConsoleStage) -> None:
    """Send the first judge listed a reminder now; notify may not have folded in the new
    assignments yet (it refuses `no-open-reviews` until it has), so try again until it has."""
    deadline = time.monotonic() + 60
    while True:
        page.goto(f"{ours.console}progress")
        page.locator("form[action$='/progress/remind'] button").first.click()
        if page.get_by_text("A reminder was sent to").count():
            break
        assert time.monotonic() < deadline, "waited 60s for notify to know the assignments"
        time.sleep(1)
    mail = Path(ours.endpoints.mail_folder)
    while not [m for m in caught(mail) if m.get(TEMPLATE_HEADER) == "reminder"]:
        assert time.monotonic() < deadline + 60, "waited for the reminder's email"
        time.sleep(1)


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"console-{name}.png"), full_page=True)


def test_a_secretariat_member_runs_the_whole_contest_from_the_console(
    ours: ConsoleStage, page: Page
):
    console = ours.console
    sign_in(page, ours)

    page.goto(f"{console}judges")
    upload = FilePayload(name="judges.csv", mimeType="text/csv", buffer=judge_file(bad_line=True))
    page.get_by_label("Judge file (CSV or YAML)").set_input_files(upload)
    page.get_by_role("button", name="Import the judges").click()
    expect(page.get_by_text("line 4, column email")).to_be_visible()
    shoot(page, "judges-errors-en")
    upload["buffer"] = judge_file(bad_line=False)
    page.get_by_label("Judge file (CSV or YAML)").set_input_files(upload)
    page.get_by_role("button", name="Import the judges").click()
    expect(page.get_by_text("8 registered")).to_be_visible()
    shoot(page, "judges-en")

    decide = page.locator("form[action*='/console/screening/']")
    until(page, f"{console}screening", lambda: decide.count() == 1, "the flagged submission")
    shoot(page, "screening-en")
    flagged = (decide.get_attribute("action") or "").rsplit("/", 1)[-1]
    decide.get_by_label("Eligible", exact=True).check()
    decide.get_by_label("Note (required)").fill("Two entries of one project: we keep the newer")
    decide.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text(f"Decided {flagged}")).to_be_visible()

    page.goto(f"{console}assignment")
    page.get_by_role("button", name="Propose an assignment").click()
    expect(page.get_by_text("Every submission is covered.")).to_be_visible()
    shoot(page, "assignment-en")
    ours.committed_at = time.time()
    page.get_by_role("button", name="Commit the assignment and email the judges").click()
    expect(page.get_by_role("heading", name="Assignment committed")).to_be_visible()

    remind_a_judge(page, ours)
    assert ours.judges_score() == 24
    page.goto(f"{console}progress")
    expect(page.locator("tbody tr").first).to_be_visible()
    shoot(page, "progress-en")
    page.get_by_role("button", name="Close the panel round").click()
    expect(page.get_by_text("The panel round is closed.")).to_be_visible()

    page.goto(f"{console}results")
    page.get_by_role("button", name="Select the finalists").click()
    expect(page.get_by_text("stable across methods").first).to_be_visible()
    winners = page.locator("input[name=winner]")
    until(page, f"{console}results", lambda: winners.count() >= 2, "the finalists in the archive")
    shoot(page, "results-en")
    winners.first.check()
    page.get_by_role("button", name="Review what publishing will send").click()
    expect(page.get_by_text("A congratulation (winner) email to 1 submissions")).to_be_visible()
    shoot(page, "publish-en")
    page.get_by_role("button", name="Publish and send these emails").click()
    expect(page.get_by_text("Results published")).to_be_visible()

    mail = Path(ours.endpoints.mail_folder)
    deadline = time.monotonic() + 60
    # Every application is ranked (the flagged one was admitted): one email each, the winner's
    # included; stopping one short let the winner's still be on its way.
    while sum(m.get(TEMPLATE_HEADER) in ("results", "winner") for m in caught(mail)) < len(
        APPLYING
    ):
        assert time.monotonic() < deadline, "waited for every ranked submission's email"
        time.sleep(1)
    told = [m.get(TEMPLATE_HEADER) for m in caught(mail)]
    assert told.count("winner") == 1
    record = ours.archive(f"/v1/archive/contests/{ours.contest.id}/submissions/{flagged}")
    assert record["submission"]["screening"]["override"]["decided_by"] == "secretariat"
    results = ours.archive(f"/v1/archive/contests/{ours.contest.id}/results")
    assert sum(len(ids) for r in results["rounds"] for ids in r["winners"].values()) == 1
    until(
        page,
        f"{console}record",
        lambda: page.get_by_text("the chain is intact").count() == 1,
        "the sealed chain",
    )
    shoot(page, "record-en")


def test_an_observer_reads_the_contest_and_is_refused_every_form(ours: ConsoleStage, page: Page):
    sign_in(page, ours, OBSERVER)
    token = page.locator("form[action$='/sign-out'] input[name=csrf]").get_attribute("value")
    forms = (
        "screening/s-x",
        "screening-again",
        "judges/import",
        "judges/j-kim/withdraw",
        "judges/j-kim/pin",
        "assignment/propose",
        "assignment/commit",
        "progress/close",
        "progress/remind",
        "results/finalists",
        "results/confirm",
        "results/publish",
    )

    refused = {
        form: page.request.post(f"{ours.console}{form}", form={"csrf": token or ""}).status
        for form in forms
    }
    page.goto(f"{ours.console}judges")

    assert set(refused.values()) == {403}
    expect(page.get_by_text("Role: observer (read only)")).to_be_visible()
    expect(page.get_by_role("button", name="Import the judges")).to_have_count(0)


@pytest.fixture
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """The pages forbid inline scripts; only this context may inject axe into them."""
    opened = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
    yield opened
    opened.close()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_console_page_has_a_serious_accessibility_violation(
    ours: ConsoleStage, axe_context: BrowserContext, language: str
):
    page = axe_context.new_page()
    page.goto(f"{ours.console}sign-in")
    page.goto(f"{ours.console}language?to={language}&back=%2Fconsole%2Fsign-in")
    found = {"sign-in": serious_violations(page)}
    page.get_by_label("Staff name" if language == "en" else "직원 이름").fill(SECRETARIAT[0])
    page.get_by_label("Password" if language == "en" else "비밀번호").fill(SECRETARIAT[1])
    page.locator("button[type=submit]").click()
    for section in SECTIONS:
        page.goto(f"{ours.console}{section}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        found[section or "overview"] = serious_violations(page)
        if language == "ko" or section in ("", "applications"):
            shoot(page, f"{section or 'overview'}-{language}")

    assert {name: v for name, v in found.items() if v} == {}


def test_the_console_is_used_by_keyboard_with_a_visible_focus(ours: ConsoleStage, page: Page):
    sign_in(page, ours)

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Judges":
            break
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Judges", exact=True)).to_be_visible()
