"""Judge assignment: time and peak RSS of the min-cost flow, greedy as the baseline.

    python -m tests.bench assignment        # or `make bench`; figures in var/bench/assignment.json

Three scales: the 2023 edition (209 submissions × 16 judges × 3 reviews), a large call
(5,000 × 500 × 3) and a hundred times the prize (24,000 × 1,600 × 3); 2 % of judge-submission
pairs are conflicts. Each solve runs in a fresh Python process that first builds the problem:
"peak RSS" is that process's ru_maxrss after the solve (problem included), "solve RSS
increase" is the peak minus the RSS just before the solve. Times are wall-clock around
`propose` / `greedy` (index, solve, checks and proof included), the median of the repeats;
"CPU" is the process's user + system time for one solve, which another tenant of a shared
machine slows less. At 5,000 × 500 the sparse candidate graph is compared with the full
graph (`propose(problem, candidates_k=judges)`); a sweep from 240 to 24,000 submissions (15
per judge, as in 2023) plots time against size to var/bench/assignment_scaling.png.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from review.domain.assignment import (
    AssignmentProblem,
    JudgeCapacity,
    SubmissionNeed,
    greedy,
    propose,
)
from tests.bench.assignment_sweep import sweep
from tests.bench.figures import Figure

ROOT = Path(__file__).parents[2]
SECTORS = tuple(f"sector-{i:02d}" for i in range(12))
SCALES = (
    ("2023 scale 209×16×3", 209, 16, 1.0, 5),
    ("5,000×500×3", 5000, 500, 10.0, 1),
    ("24,000×1,600×3", 24000, 1600, 10.0, 1),
)
PEAK_RSS_LIMIT_MB = 2048.0
GAP_LIMIT = 0.005  # sparse objective within 0.5 % of the full graph's


def instance(
    submissions: int, judges: int, reviews: int = 3, conflict_rate: float = 0.02, seed: int = 2027
) -> AssignmentProblem:
    rng = np.random.default_rng(seed)
    average = submissions * reviews / judges
    pool = tuple(
        JudgeCapacity(
            judge_id=f"judge-{i:04d}",
            min_load=int(average * 0.5),
            max_load=int(average * 1.25) + 1,
            expertise=frozenset(rng.choice(SECTORS, int(rng.integers(1, 4)), replace=False)),
            languages=frozenset(["en", "ko"] if rng.random() < 0.3 else ["en"]),
        )
        for i in range(judges)
    )
    needs = tuple(
        SubmissionNeed(
            submission_id=f"sub-{i:05d}",
            sectors=frozenset(rng.choice(SECTORS, int(rng.integers(1, 3)), replace=False)),
            language="ko" if rng.random() < 0.2 else "en",
            reviews=reviews,
        )
        for i in range(submissions)
    )
    hit = np.nonzero(rng.random((judges, submissions)) < conflict_rate)
    conflicts = frozenset(
        (pool[j].judge_id, needs[s].submission_id)
        for j, s in zip(hit[0].tolist(), hit[1].tolist(), strict=True)
    )
    return AssignmentProblem(pool, needs, conflicts, seed=seed)


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def _peak_rss_mb() -> float:
    """This process image's high-water RSS (`VmHWM`). Not `ru_maxrss`: Linux keeps it across
    fork and exec, so a child started by a benchmark process of 800 MiB reported 800 MiB
    whatever it solved (`make bench` runs archive_path before assignment)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure(solver: str, submissions: int, judges: int, repeats: int) -> None:
    """Run in a child process: print one JSON line of what the solve cost."""
    problem = instance(submissions, judges)
    solvers = {
        "flow": propose,
        "full": lambda p: propose(p, candidates_k=judges),
        "greedy": greedy,
    }
    solve = solvers[solver]
    before = _rss_mb()
    seconds, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        proposal = solve(problem)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    peak = _peak_rss_mb()
    print(
        json.dumps(
            {
                "seconds": statistics.median(seconds),
                "cpu_seconds": statistics.median(cpu),
                "objective": proposal.proof.objective,
                "candidates_k": proposal.proof.parameters.get("candidates_k", 0),
                "peak_mb": peak,
                "increase_mb": max(peak - before, 0.0),
                "affinity": proposal.total_affinity,
                "spread": proposal.spread,
                "uncovered": len(proposal.uncovered),
                "valid": proposal.valid,
            }
        )
    )


def _child(solver: str, submissions: int, judges: int, repeats: int) -> dict[str, float]:
    code = (
        "from tests.bench.bench_assignment import measure; "
        f"measure({solver!r}, {submissions}, {judges}, {repeats})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _figures(
    label: str, flow: dict[str, float], base: dict[str, float], limit: float
) -> list[Figure]:
    def vs_greedy(
        name: str, key: str, unit: str, target: str | None = None, met: bool | None = None
    ) -> Figure:
        return Figure(f"{label}: {name}", flow[key], unit, "greedy", base[key], target, met)

    return [
        vs_greedy("assignment time", "seconds", "s", f"< {limit:g} s", flow["seconds"] < limit),
        vs_greedy("assignment CPU time", "cpu_seconds", "s"),
        vs_greedy(
            "peak RSS (fresh process)",
            "peak_mb",
            "MiB",
            f"< {PEAK_RSS_LIMIT_MB:g} MiB",
            flow["peak_mb"] < PEAK_RSS_LIMIT_MB,
        ),
        vs_greedy("solve RSS increase", "increase_mb", "MiB"),
        vs_greedy(
            "total affinity", "affinity", "points", "≥ greedy", flow["affinity"] >= base["affinity"]
        ),
        vs_greedy("load spread (max − min)", "spread", "reviews", "≤ 1", flow["spread"] <= 1),
        vs_greedy(
            "uncovered submissions",
            "uncovered",
            "submissions",
            "0",
            flow["uncovered"] == 0 and bool(flow["valid"]),
        ),
    ]


def _versus_full(label: str, sparse: dict[str, float], full: dict[str, float]) -> list[Figure]:
    gap = (sparse["objective"] - full["objective"]) / abs(full["objective"])
    name = f"{label}: sparse graph (k = {sparse['candidates_k']:g})"
    return [
        Figure(
            f"{name} objective (lower is better)",
            sparse["objective"],
            "cost",
            "full graph",
            full["objective"],
            f"within {GAP_LIMIT:.1%}",
            gap <= GAP_LIMIT,
        ),
        Figure(
            f"{name} total affinity", sparse["affinity"], "points", "full graph", full["affinity"]
        ),
        Figure(f"{name} time", sparse["seconds"], "s", "full graph", full["seconds"]),
        Figure(f"{name} peak RSS", sparse["peak_mb"], "MiB", "full graph", full["peak_mb"]),
    ]


def run() -> list[Figure]:
    figures: list[Figure] = []
    solved: dict[tuple[int, int], dict[str, float]] = {}
    for label, submissions, judges, limit, repeats in SCALES:
        flow = _child("flow", submissions, judges, repeats)
        solved[submissions, judges] = flow
        base = _child("greedy", submissions, judges, repeats)
        figures += _figures(label, flow, base, limit)
        if submissions == 5000:
            figures += _versus_full(label, flow, _child("full", submissions, judges, repeats))
    return figures + sweep(solved, lambda s, j: _child("flow", s, j, 1))
