"""Assignment time against size, 240 to 24,000 submissions at 15 per judge (2023's ratio).

    figures = sweep(already_solved, solve)   # solve(submissions, judges) -> the child's figures

Writes var/bench/assignment_scaling.png: wall-clock and CPU seconds of `propose` per size.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.bench.figures import BENCH_DIR, Figure

SIZES = ((240, 16), (1200, 80), (2400, 160), (6000, 400), (12000, 800), (24000, 1600))

Solve = Callable[[int, int], dict[str, float]]


def sweep(solved: dict[tuple[int, int], dict[str, float]], solve: Solve) -> list[Figure]:
    points = {size: solved.get(size) or solve(*size) for size in SIZES}
    _plot(points)
    return [
        Figure(f"scaling {s:,}×{j:,}×3: assignment time", point["seconds"], "s")
        for (s, j), point in points.items()
    ]


def _plot(points: dict[tuple[int, int], dict[str, float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [s for s, _ in points]
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.plot(sizes, [p["seconds"] for p in points.values()], "o-", label="wall-clock")
    axes.plot(sizes, [p["cpu_seconds"] for p in points.values()], "s--", label="CPU")
    axes.axhline(10, color="grey", linestyle=":", label="target at 24,000 (10 s)")
    axes.set_xscale("log")
    axes.set_xlabel("submissions (judges = submissions / 15, 3 reviews, 2 % conflicts)")
    axes.set_ylabel("seconds per propose()")
    axes.set_title("Assignment on the sparse candidate graph")
    axes.legend()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    figure.savefig(BENCH_DIR / "assignment_scaling.png", dpi=100, bbox_inches="tight")
    plt.close(figure)
