"""What the demo has played so far: the contest, who applied, the scores given, the staff's
decisions and the timings; the end-of-demo report reads it, and the e2e test checks it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cityprize.demo import applying, judging
from cityprize.demo.data import APPLICANTS, JUDGES, DemoApplicant, DemoJudge
from cityprize.platform import Endpoints
from contracts.archive_commands import ChainReport
from contracts.contest import Contest
from contracts.events import ResultsPublished
from contracts.review_commands import FinalistsView, ProposalView


@dataclass
class Played:
    contest: Contest
    endpoints: Endpoints
    applied: list[applying.Applied] = field(default_factory=list)
    applicants: tuple[DemoApplicant, ...] = APPLICANTS
    judges: tuple[DemoJudge, ...] = JUDGES
    given: list[judging.GivenScores] = field(default_factory=list)
    proposal: ProposalView | None = None
    finalists: FinalistsView | None = None
    results: ResultsPublished | None = None
    chain: ChainReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds each step of the demo took, by step ("apply", "judge")."""
    secrets: list[str] = field(default_factory=list)
    """Every API key and judge token handed out: none may show in a span or a log line."""
