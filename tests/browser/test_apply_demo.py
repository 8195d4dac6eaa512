"""The demo's applicant (`cityprize demo`) applies on the applicant pages with the same
driver the demo uses, endorsement letter and all, leaving screenshots in English and Korean."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx
from apply_stage import registered  # type: ignore[import-not-found]
from portal_stage import Stage  # type: ignore[import-not-found]

from cityprize.demo.applicant_pages import apply_in_browser
from cityprize.demo.data import APPLICANTS

PAGES = ("contest", "sign-in", "form", "received", "mine")


def test_the_demos_applicant_applies_on_the_pages_with_its_endorsement_letter(
    stage: Stage, tmp_path: Path
):
    endorsed = next(a for a in APPLICANTS if a.on_behalf_of_city)
    applicant = replace(endorsed, key="demo-page", city="Cali", on_behalf_of_city="Cali")
    key = registered(stage, applicant)
    # `CITYPRIZE_SCREENSHOTS=docs/screenshots` refreshes the documentation's pictures.
    shots = Path(os.environ.get("CITYPRIZE_SCREENSHOTS") or tmp_path)
    applying = apply_in_browser(stage.endpoints.intake, stage.contest.id, key, applicant, 3, shots)
    # The demo's driver is async; the other tests' sync browser may hold this thread's loop.
    with ThreadPoolExecutor(1) as thread:
        applied = thread.submit(asyncio.run, applying).result(timeout=120)

    answer = httpx.get(
        f"{stage.endpoints.intake}/v1/contests/{stage.contest.id}/submissions/{applied.submission_id}",
        headers={"Authorization": f"Bearer {key.api_key}"},
        timeout=10,
    )
    assert answer.status_code == 200
    [version] = answer.json()["versions"]
    assert {f["name"] for f in version["files"]} == {
        "project-overview.pdf",
        "site-photo.png",
        "endorsement-letter.pdf",
    }
    names = {p.name for p in shots.glob("apply-*.png")}
    expected = {f"apply-{page}-{lang}.png" for page in PAGES for lang in ("en", "ko")}
    assert names == expected | {"apply-errors-en.png"}
