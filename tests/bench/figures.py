"""One figure of a benchmark, as written to `var/bench/<benchmark>.json`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path("var/bench")


@dataclass(frozen=True)
class Figure:
    """`ratio` is value / baseline_value, both measured in the same run."""

    name: str
    value: float
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None
    target: str | None = None
    met: bool | None = None
    why: str | None = None
    """For a missed target: by how much, and what the run measured as the cause."""

    @property
    def ratio(self) -> float | None:
        if self.baseline_value in (None, 0):
            return None
        return self.value / self.baseline_value

    def as_json(self) -> dict[str, object]:
        document: dict[str, object] = {k: v for k, v in asdict(self).items() if v is not None}
        if self.ratio is not None:
            document["ratio"] = round(self.ratio, 4)
        return document


def write_figures(benchmark: str, figures: list[Figure], directory: Path = BENCH_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{benchmark}.json"
    document = {
        "benchmark": benchmark,
        "measured_at": datetime.now(UTC).isoformat(),
        "figures": [figure.as_json() for figure in figures],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
