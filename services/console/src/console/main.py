"""Composition root of the console: the only place that builds its broker, its archive client,
its staff book and its telemetry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from opentelemetry.sdk.trace import TracerProvider

from console.access import build_access
from console.archive import Archive
from console.commands import Asker, BrokerAsker, Commands
from console.context import Console
from console.guard import PageRefused, refused_page
from console.outages import install_outage_pages
from console.pages import page_routers
from console.render import ROOT
from console.sessions import Sessions
from console.settings import ConsoleSettings
from console.staff import StaffBook
from contracts.contest import Contest
from servicekit.contests import keep_contests
from servicekit.page_headers import install_page_surface
from servicekit.service import Service, build_app, serve
from servicekit.signin_limits import FailureLimiter

STATIC = Path(__file__).parent / "static"


def staff_book(settings: ConsoleSettings) -> StaffBook:
    """The staff file's accounts, and the first staff member when a password is given."""
    book = StaffBook.from_file(settings.console_staff_file)
    first = settings.console_first_password
    return book.with_account(settings.console_first_staff, "secretariat", first) if first else book


def build_console(
    settings: ConsoleSettings,
    asker: Asker,
    archive: Archive | None,
    contest: Callable[[str], Awaitable[Contest | None]],
) -> Console:
    timeout = settings.console_request_timeout_seconds
    return Console(
        settings,
        Commands(asker, timeout),
        archive
        or Archive.connect(settings.console_archive_url, settings.console_archive_token, timeout),
        staff_book(settings),
        Sessions(settings.console_session_hours),
        FailureLimiter.from_settings(settings),
        contest,
    )


def create_app(
    settings: ConsoleSettings,
    *,
    asker: Asker | None = None,
    archive: Archive | None = None,
    contest: Contest | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    """`asker`, `archive` and `contest` replace the NATS requests, the archive client and the
    contests the console learns from `prize.contest.configured`, in tests."""
    service = Service.create(settings, tracer_provider)
    contests = keep_contests(service, "console")

    async def configured(contest_id: str) -> Contest | None:
        if asker is not None:
            return contest
        found = await contests.get(contest_id)
        return found.contest if found else None

    console = build_console(settings, asker or BrokerAsker(service.broker), archive, configured)
    service.on_stopped.append(console.archive.close)
    app = build_app(
        service,
        title="Cityprize console",
        description="The secretariat's staff console (server-rendered pages under /console/).",
        routers=[build_access(console), *page_routers(console)],
    )

    @app.exception_handler(PageRefused)
    async def refused(request: Request, error: PageRefused) -> Response:
        return refused_page(console, request, error)

    install_outage_pages(app, console)

    install_page_surface(app, ROOT, STATIC, "console-static")
    app.state.console = console
    return app


def run() -> None:
    serve(create_app, ConsoleSettings())
