"""What the demo shows at the end: loads, rankings, emails, the archive's chain, traces."""

from __future__ import annotations

import json
from collections import Counter
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from nats.aio.client import Client
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from cityprize import bus
from cityprize.demo.played import Played
from cityprize.platform import Endpoints
from cityprize.trace_ui import FILTER_HINT
from contracts.archive_commands import VERIFY_CHAIN, ChainReport, VerifyChain
from contracts.events import ResultsPublished
from contracts.review_commands import ProposalView
from contracts.subjects import Stream, Subject

TEMPLATE_HEADER = "X-Cityprize-Template"


def proposal(console: Console, view: ProposalView) -> None:
    table = Table(
        "judge", "reviews", title=f"Proposed assignment {view.proposal_id} (seed {view.seed})"
    )
    for judge_id, load in sorted(view.loads.items()):
        table.add_row(judge_id, str(load))
    console.print(table)
    console.print(
        f"{view.pairs} pairs, total affinity {view.affinity:g}, "
        f"uncovered: {len(view.uncovered)}, inputs {view.input_hash[:12]}…"
    )


async def published_results(client: Client) -> ResultsPublished:
    message = await client.jetstream().get_last_msg(Stream.EVENTS, Subject.RESULTS_PUBLISHED)
    return ResultsPublished.model_validate_json(message.data or b"")


async def results(
    console: Console, client: Client, event_id: str, played: Played
) -> ResultsPublished:
    published = await published_results(client)
    assert published.event_id == event_id, "the newest results are the ones just published"
    titles = {a.submission_id: (a.applicant.city, a.applicant.title) for a in played.applied}
    for category, ranked in published.rankings.items():
        table = Table(
            "rank",
            "city",
            "project",
            "raw mean",
            "normalised",
            "winner",
            title=f"{category} — method: {published.method}",
        )
        winners = set(published.winners.get(category, ()))
        for entry in ranked:
            city, title = titles.get(entry.submission_id, ("?", entry.submission_id))
            table.add_row(
                str(entry.rank),
                city,
                title[:42],
                f"{entry.raw_score:.2f}",
                f"{entry.normalised_score:+.2f}",
                "★" if entry.submission_id in winners else "",
            )
        console.print(table)
    countries = {a.applicant.country for a in played.applied}
    console.print(f"{len(played.applied)} applications from {len(countries)} countries")
    return published


def caught(mail_folder: Path) -> list[EmailMessage]:
    return [
        BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        for path in sorted(mail_folder.glob("*.eml"))
    ]


async def results_mailed(mail_folder: Path, applicants: int) -> bool | None:
    """Every applicant has been told its outcome (results, or congratulations)."""
    told = sum(m.get(TEMPLATE_HEADER) in ("results", "winner") for m in caught(mail_folder))
    return True if told >= applicants else None


def emails(console: Console, mail_folder: Path) -> Counter[str]:
    messages = caught(mail_folder)
    kinds = Counter(str(m.get(TEMPLATE_HEADER, "unknown")) for m in messages)
    table = Table("template", "emails", title=f"Emails caught in {mail_folder}")
    for kind, count in sorted(kinds.items()):
        table.add_row(kind, str(count))
    console.print(table)
    sample = next((m for m in messages if m.get(TEMPLATE_HEADER) == "results"), None)
    if sample is not None:
        body = sample.get_body(("plain",))
        console.print(
            Panel(
                f"Subject: {sample['Subject']}\nContent-Language: {sample['Content-Language']}\n\n"
                + (body.get_content().strip() if body else ""),
                title="one rendered email (results, plain-text part)",
            )
        )
    return kinds


async def archive(console: Console, client: Client, contest_id: str) -> ChainReport:
    report = await bus.request(
        client, VERIFY_CHAIN, VerifyChain(contest_id=contest_id), ChainReport
    )
    for chain in report.contests:
        state = "[green]intact[/]" if chain.intact else f"[red]BROKEN at {chain.first_mismatch}[/]"
        console.print(
            f"archive chain of {chain.contest_id}: {chain.checked} events checked, {state}"
        )
    return report


def traces(console: Console, endpoints: Endpoints, submission_id: str) -> None:
    """Where the spans are, and how to open one submission's trace."""
    folder = Path(endpoints.traces_folder)
    services: dict[str, set[str]] = {}
    for path in folder.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            span = json.loads(line)
            services.setdefault(span["context"]["trace_id"], set()).add(path.stem)
    across = [trace for trace, seen in services.items() if len(seen) >= 3]
    console.print(
        f"traces: spans of every service are JSON lines in {folder} "
        f"({len(services)} traces, {len(across)} crossing three or more services)."
    )
    var = folder.parent
    console.print(f"one submission's trace as a tree: cityprize trace {submission_id} --var {var}")
    if endpoints.traces_ui:
        console.print(
            f"in the trace UI at {endpoints.traces_ui}: Tracing, Spans, filter "
            + FILTER_HINT.format(submission_id=submission_id)
        )
    else:
        console.print("a trace UI: make demo TRACES=1, or cityprize up --traces (docs/traces.md)")


def leaks(var: Path, secrets: list[str]) -> list[str]:
    """Trace and log files of a run that hold any of `secrets` (the real values handed out)."""
    files = [*(var / "traces").glob("*.jsonl"), *(var / "logs").glob("*.log")]
    return [
        path.name
        for path in files
        if any(secret and secret in path.read_text(errors="replace") for secret in secrets)
    ]


def secrets_scan(console: Console, var: Path, secrets: list[str]) -> None:
    """Say whether any API key or judge token of the run reached a span or a log line."""
    found = leaks(var, secrets)
    if found:
        console.print(f"[bold red]secrets scan: a key or token is in {', '.join(found)}[/]")
    else:
        console.print(
            f"secrets scan: none of the {len(secrets)} API keys and judge tokens handed out is "
            "in a span or a log line"
        )
