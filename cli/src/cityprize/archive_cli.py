"""`cityprize archive`: verify the hash chain, rebuild the records, export them.

`verify` and `rebuild` are staff commands over NATS request-reply, like every other command:
their answers are small reports. `export` reads the archive's staff HTTP API instead, because
an export is as large as the contest (10,000 submissions are megabytes, beyond a NATS
message) and that API streams it straight from a database cursor into the file.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import httpx
import typer

from cityprize.bus import ask
from cityprize.local import address, staff_token
from contracts.archive_commands import (
    REBUILD,
    VERIFY_CHAIN,
    RebuildArchive,
    StreamCoverage,
    VerifyChain,
)

archive_app = typer.Typer(
    help="The archive: verify the event chain, rebuild the records, export them.",
    no_args_is_help=True,
)
DEFAULT_ARCHIVE_URL = "http://127.0.0.1:8004"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@archive_app.command("verify")
def verify(
    contest: Annotated[
        str | None, typer.Option(help="One contest; every contest by default.")
    ] = None,
) -> None:
    """Recompute the hash chains and hold the archive against the event stream.

    Exit 1 when a chain is broken (the first record that does not match is named) or when
    the archive lacks events the stream holds (how many, and their stream sequences).
    """
    report = ask(VERIFY_CHAIN, VerifyChain(contest_id=contest), timeout=120)
    for chain in report.contests:
        line = f"{chain.contest_id}: {chain.checked} records checked, {chain.unsealed} unsealed"
        typer.echo(line)
        if chain.first_mismatch is not None:
            m = chain.first_mismatch
            typer.echo(
                f"  FIRST MISMATCH at position {m.position}: event {m.event_id} "
                f"(stream sequence {m.stream_seq}): {m.reason}"
            )
    typer.echo("chain intact" if report.intact else "chain BROKEN")
    if report.stream is not None:
        _echo_coverage(report.stream)
    if not report.intact or not report.complete:
        raise typer.Exit(1)


def _echo_coverage(stream: StreamCoverage) -> None:
    typer.echo(
        f"stream: sequences {stream.stream_first_seq}..{stream.stream_last_seq}, "
        f"{stream.stream_messages} messages; archive holds {stream.archived}"
        + (f"; {stream.not_events} not events (dead-lettered)" if stream.not_events else "")
    )
    if stream.missing:
        shown = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in stream.missing_ranges)
        typer.echo(
            f"archive INCOMPLETE: {stream.missing} events of the stream are missing "
            f"(stream sequences {shown}); `cityprize archive rebuild --restore` restores them"
        )
    else:
        typer.echo("archive complete: every event of the stream is archived")


@archive_app.command("rebuild")
def rebuild(
    database: Annotated[
        str | None, typer.Option(help="Target database; the archive's default otherwise.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the replay.")] = 600,
    restore: Annotated[
        bool, typer.Option(help="Replay into the live archive: store every event it lacks.")
    ] = False,
) -> None:
    """Replay the whole event stream into a fresh database and compare it with the live one;
    with --restore, into the live archive, which then holds every event of the stream."""
    command = RebuildArchive(database=database, restore=restore)
    report = ask(REBUILD, command, timeout=timeout)
    if restore:
        typer.echo(
            f"replayed {report.replayed} events (stream up to {report.last_stream_seq}) into "
            f"the live archive {report.database}: {report.restored} restored"
        )
        return
    typer.echo(
        f"replayed {report.replayed} events (stream up to {report.last_stream_seq}) "
        f"into {report.database}"
    )
    for collection, count in report.differences.items():
        typer.echo(f"  {collection}: {count} documents differ")
    typer.echo("equal to the live records" if report.equal else "DIFFERS from the live records")
    if not report.equal:
        raise typer.Exit(1)


@archive_app.command("export")
def export(
    output: Annotated[Path, typer.Argument(dir_okay=False, help="The file to write.")],
    format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.csv,
    contest: Annotated[str | None, typer.Option()] = None,
    category: Annotated[str | None, typer.Option()] = None,
    status: Annotated[str | None, typer.Option()] = None,
    country: Annotated[str | None, typer.Option()] = None,
    peer_group: Annotated[str | None, typer.Option(help="e.g. region:asia-pacific")] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="CSV only: start with a UTF-8 BOM, for Excel.")
    ] = False,
) -> None:
    """Stream the submission records to a file.

    The archive's address is ARCHIVE_URL, else the one `cityprize up` wrote to
    var/endpoints.json; the staff token is STAFF_TOKEN, else var/staff-token. CSV cells a
    spreadsheet would run as formulas are prefixed with `'`; the JSON export keeps every value
    as given.
    """
    if bom and format is not ExportFormat.csv:
        raise typer.BadParameter("--bom applies to the CSV export only")
    token = staff_token()
    if not token:
        typer.echo(
            "no staff token: set STAFF_TOKEN or run `cityprize up` (var/staff-token)", err=True
        )
        raise typer.Exit(2)
    base = address("archive", "ARCHIVE_URL", DEFAULT_ARCHIVE_URL).rstrip("/")
    given = {"contest_id": contest, "category": category, "status": status, "country": country}
    params = {k: v for k, v in {**given, "peer_group": peer_group}.items() if v is not None}
    if bom:
        params["bom"] = "true"
    url = f"{base}/v1/archive/exports/submissions.{format.value}"
    headers = {"Authorization": f"Bearer {token}"}
    partial = output.with_name(output.name + ".part")  # the file appears only when complete
    written = 0
    with httpx.stream("GET", url, params=params, headers=headers, timeout=60) as response:
        if response.status_code != 200:
            response.read()
            typer.echo(f"export refused: {response.status_code} {response.text}", err=True)
            raise typer.Exit(1)
        with partial.open("wb") as sink:
            for chunk in response.iter_bytes():
                written += sink.write(chunk)
    partial.replace(output)
    typer.echo(f"wrote {written} bytes to {output}")
