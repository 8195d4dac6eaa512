"""What keeps the applicant pages safe: the key only in a form body, a strict session
cookie, a policy without inline script, forms that need their token, a limit on wrong keys,
and what an applicant typed shown as text."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from apply_stage import (  # type: ignore[import-not-found]
    fill_form,
    newcomer,
    pdf_of,
    registered,
    sign_in,
)
from playwright.sync_api import BrowserContext, Page, expect
from portal_stage import XSS_TITLE, Stage  # type: ignore[import-not-found]


def test_signing_in_keeps_the_key_out_of_addresses_and_logs_and_sets_a_strict_cookie(
    stage: Stage, context: BrowserContext, page: Page
):
    key = registered(stage, newcomer("cookie", "Rakvere", "EE"))
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    sign_in(page, stage, key)

    assert not [url for url in seen if key.api_key in url]
    [cookie] = [c for c in context.cookies() if c["name"] == "cityprize_applicant"]
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/apply"
    logs = Path(stage.endpoints.mail_folder).parent / "logs"
    written = [p for p in logs.rglob("*") if p.is_file()]
    assert written, "the services write their logs there"
    assert [p.name for p in written if key.api_key in p.read_text("utf-8", "replace")] == []


def test_every_page_forbids_inline_script_and_framing(stage: Stage):
    answer = httpx.get(f"{stage.endpoints.intake}/apply/", timeout=10)
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in answer.text


def test_a_form_posted_without_its_token_is_refused_and_stores_nothing(
    stage: Stage, context: BrowserContext, page: Page
):
    sign_in(page, stage, registered(stage, newcomer("forged", "Viljandi", "EE")))
    forged = context.request.post(
        f"{stage.endpoints.intake}/apply/new?attempt=forged",
        multipart={
            "csrf": "guessed",
            "title": "Forged",
            "files": {
                "name": "plan.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n" * 100,
            },
        },
    )
    assert forged.status == 403
    page.goto(f"{stage.endpoints.intake}/apply/")
    expect(page.get_by_text("You have not applied yet.")).to_be_visible()


def test_wrong_keys_from_one_client_are_limited(stage: Stage):
    # From its own loopback address, so the other tests' client is not the one limited.
    transport = httpx.HTTPTransport(local_address="127.0.0.3")
    with httpx.Client(transport=transport, base_url=stage.endpoints.intake, timeout=10) as http:
        answers = []
        for _ in range(11):
            form = http.get("/apply/")
            token = re.search(r'name="form" value="([^"]+)"', form.text)
            assert token
            answers.append(
                http.post("/apply/sign-in", data={"key": "cpk_wrong", "form": token.group(1)})
            )
    assert [a.status_code for a in answers[:10]] == [401] * 10
    assert answers[10].status_code == 429
    assert int(answers[10].headers["retry-after"]) > 0


def test_what_an_applicant_typed_is_shown_as_text(stage: Stage, page: Page, tmp_path: Path):
    sign_in(page, stage, registered(stage, newcomer("xss", "Paide", "EE")))
    page.goto(f"{stage.endpoints.intake}/apply/new")
    fill_form(page, XSS_TITLE)
    page.get_by_label("Documents").set_input_files(pdf_of(tmp_path, "plan.pdf", 4096))
    page.get_by_role("button", name="Send application").click()

    page.get_by_text("Your application is received").wait_for()
    expect(page.locator("h1")).to_have_text(XSS_TITLE)
    expect(page.locator("h1 script")).to_have_count(0)
