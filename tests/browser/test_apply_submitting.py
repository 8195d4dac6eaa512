"""An applicant applies, amends and reads the result on the applicant pages, in Chromium."""

from __future__ import annotations

from pathlib import Path

from apply_stage import (  # type: ignore[import-not-found]
    MIB,
    SUMMARY,
    fill_form,
    newcomer,
    pdf_of,
    registered,
    sign_in,
)
from playwright.sync_api import BrowserContext, FilePayload, Page, expect
from portal_stage import Stage  # type: ignore[import-not-found]

from contracts.intake_commands import ApplicantKey


def test_an_applicant_sends_a_50_mib_file_with_progress_shown_then_amends_and_sees_both_versions(
    stage: Stage, context: BrowserContext, page: Page, tmp_path: Path
):
    progress: list[str] = []
    context.expose_function("noteProgress", lambda said: progress.append(said))
    sign_in(page, stage, registered(stage, newcomer("tallinn", "Tallinn", "EE")))
    page.get_by_role("link", name="Start a new application").click()
    fill_form(page, "Tallinn open transit data")
    page.get_by_label("Documents").set_input_files(pdf_of(tmp_path, "plan.pdf", 50 * MIB))
    page.evaluate(
        """() => new MutationObserver(() => window.noteProgress(
            document.getElementById('upload-progress-text').textContent)).observe(
            document.getElementById('upload-progress-text'), {childList: true})"""
    )
    page.get_by_role("button", name="Send application").click()

    page.get_by_text("Your application is received").wait_for(timeout=60_000)
    assert any(said.endswith("% sent") for said in progress), progress
    expect(page.locator("h1")).to_have_text("Tallinn open transit data")
    expect(page.get_by_role("cell", name="plan.pdf")).to_be_visible()
    expect(page.get_by_role("cell", name="50 MiB")).to_be_visible()

    page.get_by_role("link", name="Amend this application").click()
    expect(page.get_by_label("Summary", exact=True)).to_have_value(SUMMARY)
    page.get_by_label("Project title").fill("Tallinn open transit data, citywide")
    page.get_by_label("Documents").set_input_files(pdf_of(tmp_path, "plan-v2.pdf", 2 * MIB))
    page.get_by_role("button", name="Send amendment").click()

    page.get_by_text("Your amendment is received").wait_for(timeout=30_000)
    expect(page.get_by_role("heading", name="Version 2, received")).to_be_visible()
    expect(page.get_by_role("heading", name="Version 1, received")).to_be_visible()
    changed = page.locator("ul.changes")
    expect(changed).to_contain_text("Project title")
    expect(changed).to_contain_text("File added: plan-v2.pdf")
    expect(changed).to_contain_text("File removed: plan.pdf")
    page.get_by_role("link", name="My submissions").click()
    expect(page.get_by_role("link", name="Tallinn open transit data, citywide")).to_be_visible()


def test_a_missing_field_and_a_wrong_file_type_show_their_errors_and_keep_what_was_typed(
    stage: Stage, page: Page, tmp_path: Path
):
    sign_in(page, stage, registered(stage, newcomer("tartu", "Tartu", "EE")))
    page.goto(f"{stage.endpoints.intake}/apply/new")
    fill_form(page, "")
    page.get_by_label("Documents").set_input_files(pdf_of(tmp_path, "plan.pdf", 4096))
    page.get_by_role("button", name="Send application").click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Enter the project's title")
    expect(page.locator("#title-error")).to_contain_text("Enter the project's title")
    expect(page.get_by_label("Summary", exact=True)).to_have_value(SUMMARY)
    expect(page.get_by_label("Contact email")).to_have_value("transit@city.example.org")
    expect(page.get_by_label("Mobility")).to_be_checked()

    # The browser refuses a file of the wrong kind before sending anything...
    notes = tmp_path / "notes.txt"
    notes.write_text("not a document")
    page.get_by_label("Documents").set_input_files(notes)
    expect(page.locator("#files-check")).to_contain_text("notes.txt is not an allowed type")
    # ...and the server refuses one whose bytes are not what its name says.
    disguised = tmp_path / "disguised.pdf"
    disguised.write_text("plain text dressed as a PDF")
    page.get_by_label("Project title").fill("Tartu bike sharing")
    page.get_by_label("Documents").set_input_files(disguised)
    page.get_by_role("button", name="Send application").click()

    expect(page.locator("#files-error")).to_contain_text("disguised.pdf is not of an allowed type")
    expect(page.get_by_label("Project title")).to_have_value("Tartu bike sharing")
    expect(page.get_by_label("Contact phone")).to_have_value("+372 640 4141")


def test_another_applicants_submission_is_not_reachable(stage: Stage, page: Page):
    someone_else = stage.applied[0].submission_id
    sign_in(page, stage, registered(stage, newcomer("parnu", "Pärnu", "EE")))
    for path in (f"/apply/submissions/{someone_else}", f"/apply/submissions/{someone_else}/amend"):
        answer = page.goto(f"{stage.endpoints.intake}{path}")
        assert answer is not None
        assert answer.status == 404
        expect(page.locator("h1")).to_have_text("Page not found")


def test_the_same_form_sent_twice_makes_one_submission(
    stage: Stage, context: BrowserContext, page: Page
):
    sign_in(page, stage, registered(stage, newcomer("twice", "Kuressaare", "EE")))
    page.goto(f"{stage.endpoints.intake}/apply/new")
    fill_form(page, "Kuressaare harbour sensors")
    action = page.locator("form[data-upload]").get_attribute("action")
    csrf = page.locator("form[data-upload] input[name=csrf]").input_value()
    fields = {
        "csrf": csrf,
        "category": "tech-innovacity",
        "sectors": "mobility",
        "title": "Kuressaare harbour sensors",
        "summary": SUMMARY,
        "project-start": "2024-03-01",
        "project-end": "2026-12-31",
        "budget-amount": "90000",
        "budget-currency": "EUR",
        "contact-name": "Harbour Team",
        "contact-email": "harbour@city.example.org",
        "contact-phone": "+372 453 3100",
        "language": "en",
        "consent": "yes",
    }
    plan = FilePayload(name="plan.pdf", mimeType="application/pdf", buffer=b"%PDF-1.4\n" * 500)
    sent = [
        context.request.post(
            f"{stage.endpoints.intake}{action}", multipart={**fields, "files": plan}
        )
        for _ in range(2)
    ]

    assert [answer.status for answer in sent] == [200, 200]
    assert sent[0].url == sent[1].url
    assert "/apply/submissions/" in sent[0].url
    page.goto(f"{stage.endpoints.intake}/apply/")
    expect(page.get_by_role("link", name="Kuressaare harbour sensors")).to_have_count(1)


def test_an_application_judges_are_reviewing_says_it_can_no_longer_be_amended(
    stage: Stage, page: Page, tmp_path: Path
):
    assigned = stage.applied[0]  # the panel is committed: judges are assigned to it
    key = ApplicantKey(
        applicant_id=assigned.applicant_id, api_key=stage.keys[assigned.applicant.key]
    )
    sign_in(page, stage, key)
    page.goto(f"{stage.endpoints.intake}/apply/submissions/{assigned.submission_id}")
    expect(page.get_by_role("note")).to_contain_text("Judges are already reviewing")
    expect(page.get_by_role("link", name="Amend this application")).to_have_count(0)

    # A form opened before the assignment, sent after it: refused, with the same words.
    page.goto(f"{stage.endpoints.intake}/apply/submissions/{assigned.submission_id}/amend")
    page.get_by_label("Documents").set_input_files(pdf_of(tmp_path, "late.pdf", 4096))
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        page.get_by_role("button", name="Send amendment").click()
    assert posted.value.status == 409
    expect(page.get_by_role("alert")).to_contain_text("Judges are already reviewing")
