"""The judge portal in a real browser: Debian's Chromium driven by Playwright (from PyPI),
against the whole platform (`portal_stage.py`). A missing browser fails these tests loudly;
nothing is skipped.

Two things must not outlive these tests. Playwright's sync API keeps an event loop running
in the main thread while it is started, which would break every asyncio test after it: so a
browser per test. The platform is shared by all of them (starting it takes half a minute),
and stopped as soon as the last browser test is done rather than at the end of the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from portal_stage import Stage, staged  # type: ignore[import-not-found]

from cityprize.demo.browser import CHROMIUM_ARGS, chromium_path

HERE = Path(__file__).parent
_RUNNING = ExitStack()


@pytest.fixture(scope="session")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    with _RUNNING:
        yield _RUNNING.enter_context(staged(tmp_path_factory.mktemp("portal") / "var"))


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if nextitem is None or HERE not in nextitem.path.parents:
        _RUNNING.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context(viewport={"width": 1100, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
