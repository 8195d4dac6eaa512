"""`cityprize`: the staff CLI. It talks to the services over NATS only, never to their storage."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cityprize import applicants, contest_cli, review_cli, trace_cli
from cityprize.archive_cli import archive_app
from cityprize.local import CONSOLE_PASSWORD_FILE, ensure_secret_file, ensure_staff_token
from cityprize.platform import EmbeddedPlatform, Endpoints, External
from servicekit.version import VERSION

app = typer.Typer(
    name="cityprize",
    help="Run award contests for cities: configure, run rounds, publish results.",
    no_args_is_help=True,
)
app.add_typer(contest_cli.app, name="contest")
app.add_typer(applicants.app, name="applicants")
review_cli.register(app)
app.add_typer(archive_app, name="archive")
app.command(name="trace")(trace_cli.trace)
console = Console()


def print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"cityprize {VERSION}")
        raise typer.Exit


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=print_version,
            is_eager=True,
            help="Print the version of Cityprize (one for the CLI and every service) and exit.",
        ),
    ] = False,
) -> None:
    """Run award contests for cities: configure, run rounds, publish results."""


def show_endpoints(endpoints: Endpoints) -> None:
    table = Table("endpoint", "address", title="Cityprize is up")
    for name, value in vars(endpoints).items():
        table.add_row(name, value)
    console.print(table)


@app.command()
def up(
    var: Annotated[Path, typer.Option(help="Logs, data, mail and traces go here.")] = Path("var"),
    nats_url: Annotated[str | None, typer.Option(envvar="NATS_URL")] = None,
    s3_endpoint: Annotated[str | None, typer.Option(envvar="S3_ENDPOINT")] = None,
    smtp_host: Annotated[str | None, typer.Option(envvar="SMTP_HOST")] = None,
    smtp_port: Annotated[int | None, typer.Option(envvar="SMTP_PORT")] = None,
    mongodb_url: Annotated[str | None, typer.Option(envvar="MONGODB_URL")] = None,
    traces: Annotated[
        bool,
        typer.Option(
            "--traces",
            help="Also start the trace UI (Phoenix, `make traceui`) and send every span there.",
        ),
    ] = False,
) -> None:
    """Start the platform: embedded servers (or the given endpoints), the four services and
    the staff console.

    Stays in the foreground; Ctrl-C (or SIGTERM) stops everything cleanly. S3 credentials
    for an external endpoint come from S3_ACCESS_KEY and S3_SECRET_KEY. Archive's staff API
    runs with STAFF_TOKEN, or a generated token; either is written to var/staff-token (0600).
    """
    external = External(
        nats_url=nats_url,
        s3_endpoint=s3_endpoint,
        s3_access_key=os.environ.get("S3_ACCESS_KEY"),
        s3_secret_key=os.environ.get("S3_SECRET_KEY"),
        smtp_host=smtp_host,
        smtp_port=smtp_port,
        mongodb_url=mongodb_url,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    token_file = ensure_staff_token(var)
    password_file = var / CONSOLE_PASSWORD_FILE
    password = ensure_secret_file(password_file, os.environ.get("CONSOLE_FIRST_PASSWORD") or None)
    staff_env = {"STAFF_TOKEN": token_file.read_text().strip(), "CONSOLE_FIRST_PASSWORD": password}
    with EmbeddedPlatform(
        var.resolve(), external, service_env=staff_env, traces=traces
    ) as platform:
        endpoints = platform.start(lambda step: console.print(f"[dim]{step}[/dim]"))
        show_endpoints(endpoints)
        console.print(f"archive's staff token is in {token_file} (mode 0600; or set STAFF_TOKEN)")
        console.print(
            f"staff console: {endpoints.console} — sign in as 'secretariat' with the password "
            f"in {password_file} (mode 0600; or set CONSOLE_FIRST_PASSWORD)"
        )
        if traces:
            console.print(
                f"staff's CLI spans: export OTEL_EXPORTER_OTLP_ENDPOINT={endpoints.traces_ui}"
            )
        console.print(f"endpoints written to {var / 'endpoints.json'}; Ctrl-C stops everything")
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
        console.print("stopping services, then servers")
    console.print("stopped")


@app.command()
def demo(
    var: Annotated[
        Path, typer.Option(help="Where the demo's servers keep data, logs, mail.")
    ] = Path("var/demo"),
    traces: Annotated[
        bool,
        typer.Option(
            "--traces",
            help="Also start the trace UI and keep it (and the platform) up after the demo.",
        ),
    ] = False,
    keep: Annotated[
        bool,
        typer.Option(
            "--keep", help="Keep the platform up after the demo, to look at it in the console."
        ),
    ] = False,
) -> None:
    """Play a whole contest on the embedded default, from submissions to published results."""
    from cityprize.demo.scenario import run_demo
    from servicekit.embedded import reap_on_sigterm

    reap_on_sigterm()
    if var.exists():
        shutil.rmtree(var)  # every demo starts from nothing
    run_demo(var, console, traces=traces, keep=keep)
