"""`cityprize trace SUBMISSION_ID`: that submission's traces as trees in the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cityprize.traces import files, phoenix
from cityprize.traces.tree import SpanRow, by_trace, render, roots, started_by

console = Console(highlight=False, soft_wrap=True)  # a tree line is never cut


def source(var: Path, ui: str | None) -> tuple[str, str | None]:
    """Where spans are: the trace UI given, the one `cityprize up --traces` wrote to
    `endpoints.json`, or the JSON-lines folder."""
    if ui:
        return "ui", ui
    endpoints = var / "endpoints.json"
    if endpoints.exists():
        known = json.loads(endpoints.read_text())
        if known.get("traces_ui"):
            return "ui", str(known["traces_ui"])
        if known.get("traces_folder"):
            return "files", str(known["traces_folder"])
    return "files", str(var / "traces")


def spans_of(submission_id: str, var: Path, ui: str | None) -> tuple[list[SpanRow], str | None]:
    """The spans, and the trace UI's address when they came from there."""
    kind, where = source(var, ui)
    if kind == "ui" and where:
        return phoenix.read_submission(where, submission_id), where
    folder = Path(where or var / "traces")
    return list(files.read_folder(folder)), None


def trace(
    submission_id: Annotated[str, typer.Argument(help="The id a 201 from intake answered.")],
    var: Annotated[Path, typer.Option(help="The folder `cityprize up` writes to.")] = Path("var"),
    ui: Annotated[
        str | None, typer.Option(help="A trace UI's base URL (default: from endpoints.json).")
    ] = None,
) -> None:
    """Print a submission's traces as trees: service, span, duration, status.

    Traces that start with the submission (its upload, an amendment, a judge's scoring) are
    printed whole; others that touch it (a round's commit, the results) are listed by id.
    """
    spans, ui_url = spans_of(submission_id, var, ui)
    traces = by_trace(spans)
    touched = {
        t
        for t, rows in traces.items()
        if any(r.attributes.get("cityprize.submission_id") == submission_id for r in rows)
    }
    if not touched:
        console.print(f"no trace carries cityprize.submission_id={submission_id}")
        raise typer.Exit(1)
    ordered = sorted(touched, key=lambda t: min(r.start for r in traces[t]))
    for trace_id in ordered:
        rows = traces[trace_id]
        first = roots(rows)[0]
        if started_by(rows, submission_id):
            console.print(f"[bold]trace {trace_id}[/bold] ({len(rows)} spans)")
            for line in render(rows):
                console.print(line)
            if ui_url:
                console.print(f"in the trace UI: {phoenix.trace_url(ui_url, trace_id)}")
        else:
            console.print(f"[dim]also in trace {trace_id}: {first.name} ({len(rows)} spans)[/dim]")
