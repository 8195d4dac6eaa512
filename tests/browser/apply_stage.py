"""What the applicant pages' browser tests need of the shared stage (`portal_stage.py`):
applicants registered by staff (each in its own city, so no cap is in the way), signing in
through the page, and filling the form as a person would."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import Page
from portal_stage import Stage  # type: ignore[import-not-found]

from cityprize import bus
from cityprize.demo.applying import register
from cityprize.demo.data import DemoApplicant
from contracts.intake_commands import ApplicantKey

MIB = 1024 * 1024
SUMMARY = (
    "Bus and tram positions, open to everyone, every second: riders plan better, and the "
    "city sees where its network is too slow."
)


def newcomer(key: str, city: str, country: str) -> DemoApplicant:
    return DemoApplicant(
        key=key,
        applicant_type="city_government",
        name=f"{city} City Hall",
        city=city,
        country=country,
        organisation=f"{city} City Hall",
        language="en",
        category="tech-innovacity",
        sectors=("mobility",),
        title=f"{city} open transit data",
        quality=0.5,
    )


def registered(stage: Stage, applicant: DemoApplicant) -> ApplicantKey:
    """The applicant added by staff (the CLI's command over NATS) and its API key."""

    async def add() -> ApplicantKey:
        async with bus.connected(stage.endpoints.nats) as client:
            return await register(client, stage.contest.id, applicant)

    # Playwright's sync API keeps an event loop running in this thread: ask from another.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, add()).result(timeout=30)


def sign_in(page: Page, stage: Stage, key: ApplicantKey) -> None:
    page.goto(f"{stage.endpoints.intake}/apply/")
    page.get_by_label("API key").fill(key.api_key)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My submissions").wait_for()


def fill_form(page: Page, title: str) -> None:
    """Every field of the form but the files, as a person types them."""
    page.get_by_label("Tech-InnovaCity").check()
    page.get_by_label("Mobility").check()
    page.get_by_label("Project title").fill(title)
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("Project start date").fill("2024-03-01")
    page.get_by_label("Project end date").fill("2026-12-31")
    page.get_by_label("Budget", exact=True).fill("1500000")
    page.get_by_label("Budget currency").fill("EUR")
    page.get_by_label("Contact name").fill("Transit Team")
    page.get_by_label("Contact email").fill("transit@city.example.org")
    page.get_by_label("Contact phone").fill("+372 640 4141")
    page.get_by_label("I agree").check()


def pdf_of(folder: Path, name: str, size: int) -> Path:
    """A file whose bytes are a PDF's, of the size asked (zeros after the header)."""
    path = folder / name
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        out.truncate(size)
    return path
