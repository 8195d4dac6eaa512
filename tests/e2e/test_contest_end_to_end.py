"""A whole contest over the four services as separate processes, checked from the outside."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from email import policy
from email.parser import BytesParser
from pathlib import Path

from rich.console import Console

from cityprize.demo.data import APPLICANTS, JUDGES
from cityprize.demo.played import Played
from cityprize.demo.scenario import DEMO_SERVICE_ENV, play
from cityprize.platform import EmbeddedPlatform, External
from tests.e2e import followed

CAST = (
    "bogota",
    "nairobi",
    "tallinn",
    "surabaya",
    "montevideo",
    "amman",
    "accra",
    "quito",
    "almaty",
    "tunis",
)
PANEL = ("j-kim", "j-silva", "j-meyer", "j-tanaka", "j-lim")


def independent_ranking(played: Played) -> dict[str, list[str]]:
    """Per category, by the mean of per-judge z-scores of the equal-weight totals given."""
    totals = [
        (g.judge_id, g.applicant_key, statistics.fmean(g.scores.values())) for g in played.given
    ]
    by_judge: defaultdict[str, list[float]] = defaultdict(list)
    for judge_id, _, total in totals:
        by_judge[judge_id].append(total)
    zs: defaultdict[str, list[float]] = defaultdict(list)
    for judge_id, key, total in totals:
        own = by_judge[judge_id]
        spread = statistics.pstdev(own)
        zs[key].append((total - statistics.fmean(own)) / spread if spread else 0.0)
    categories: defaultdict[str, list[str]] = defaultdict(list)
    for applicant in played.applicants:
        categories[applicant.category].append(applicant.key)
    return {
        category: sorted(keys, key=lambda k: -statistics.fmean(zs[k]))
        for category, keys in categories.items()
    }


def addressed(mail: Path) -> defaultdict[str, set[str]]:
    """Template -> the addresses it reached."""
    reached: defaultdict[str, set[str]] = defaultdict(set)
    for path in mail.glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        for address in message["To"].addresses:
            reached[str(message["X-Cityprize-Template"])].add(address.addr_spec)
    return reached


def services_per_trace(traces: Path) -> defaultdict[str, set[str]]:
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for path in traces.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            seen[json.loads(line)["context"]["trace_id"]].add(path.stem)
    return seen


def error_lines(logs: Path) -> list[str]:
    """Every log line of every service at ERROR (or any traceback), as `<service>: <message>`."""
    found = []
    for path in sorted(logs.glob("*.log")):
        for line in path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"level": "ERROR" if "Traceback" in line else "", "message": line}
            if entry.get("level") in ("ERROR", "CRITICAL") or "exception" in entry:
                found.append(f"{path.stem}: {entry.get('message', '')[:200]}")
    return found


def submission_traces(traces: Path) -> set[str]:
    """Traces that start at an applicant's upload (intake's POST span)."""
    found = set()
    for line in (traces / "intake.jsonl").read_text().splitlines():
        span = json.loads(line)
        if span["name"].startswith("POST /v1/contests/") and span["parent_id"] is None:
            found.add(span["context"]["trace_id"])
    return found


async def test_a_whole_contest_ends_in_the_right_ranking_emails_archive_and_traces(tmp_path: Path):
    applicants = tuple(a for a in APPLICANTS if a.key in CAST)
    judges = tuple(j for j in JUDGES if j.judge_id in PANEL)
    var = tmp_path / "var"
    with EmbeddedPlatform(
        var, External.mongodb_from_environment(), service_env=DEMO_SERVICE_ENV
    ) as platform:
        endpoints = platform.start()
        played = await play(endpoints, Console(quiet=True), applicants, judges)
        storage_secret = platform.s3.secret_key if platform.s3 else ""

    assert played.results is not None
    assert played.chain is not None
    key_of = {a.submission_id: a.applicant.key for a in played.applied}
    published = {
        category: [key_of[entry.submission_id] for entry in ranked]
        for category, ranked in played.results.rankings.items()
    }
    assert published == independent_ranking(played)
    assert {c for c, ids in played.results.winners.items() if ids} == set(published)

    reached = addressed(Path(endpoints.mail_folder))
    everyone = {a.email for a in applicants}
    assert reached["receipt"] == everyone
    assert reached["results"] | reached["winner"] == everyone
    winners = {key_of[s] for ids in played.results.winners.values() for s in ids}
    assert reached["winner"] == {a.email for a in applicants if a.key in winners}
    assert {j.email for j in judges} >= reached["assignment"]
    assert reached["assignment"]

    assert played.chain.intact
    shots = {p.name for p in (var / "screenshots").glob("*.png")}
    assert len(shots) == 6, "one judge scored in the portal, in headless Chromium, EN and KO"
    assert played.chain.contests[0].checked >= len(applicants) * 3

    traces = Path(endpoints.traces_folder)
    per_trace = services_per_trace(traces)
    uploads = submission_traces(traces)
    assert len(uploads) == len(applicants)
    whole = [t for t in uploads if per_trace[t] >= {"intake", "review", "notify", "archive"}]
    assert whole, f"no upload's trace reached all four services: {[per_trace[t] for t in uploads]}"

    followed.check_every_upload_is_one_trace_through_four_services(traces, key_of)
    assignment_emails = followed.emails_of(Path(endpoints.mail_folder), "assignment")
    followed.check_the_commit_is_linked_from_every_assignment_email(traces, assignment_emails)
    assert followed.log_lines_about(var, played.applied[0].submission_id) > 0
    followed.check_no_secret_in_spans_or_logs(var, [*played.secrets, storage_secret])
    # A normal run, started and stopped cleanly, logs no error: operators must not learn to
    # ignore them (issue 18).
    assert error_lines(var / "logs") == []
