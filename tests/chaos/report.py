"""One scenario's result: printed as a table, written as JSON to var/chaos/<scenario>.json."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from tests.chaos.checker import Verdict

OUT = Path("var/chaos")


@dataclass
class Result:
    scenario: str
    title: str
    faults: list[str] = field(default_factory=list)
    events: int = 0
    lost: int = 0
    duplicated: int = 0
    redeliveries: int = 0
    recovery_seconds: float = 0.0
    duration_seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    date: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def passed(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.events > 0

    def take(self, verdict: Verdict) -> None:
        self.lost = verdict.total_lost
        self.duplicated = verdict.total_duplicated
        self.redeliveries = sum(verdict.redeliveries.values())
        self.details.update(
            lost=verdict.lost,
            duplicated=verdict.duplicated,
            counted=verdict.counted,
            redeliveries=verdict.redeliveries,
            examples=verdict.examples,
        )


def show(console: Console, result: Result) -> None:
    table = Table(title=f"{result.scenario}: {result.title}", show_lines=False)
    table.add_column("figure")
    table.add_column("value", overflow="fold")
    table.add_row("injected faults", f"{len(result.faults)}: " + "; ".join(result.faults[:6]))
    table.add_row("events", str(result.events))
    colour = "green" if result.passed else "red"
    table.add_row("lost", f"[{colour}]{result.lost}[/]")
    table.add_row("duplicated", f"[{colour}]{result.duplicated}[/]")
    table.add_row("redeliveries", str(result.redeliveries))
    table.add_row("recovery time", f"{result.recovery_seconds:.1f} s")
    table.add_row("duration", f"{result.duration_seconds:.0f} s")
    for name, value in result.details.get("counted", {}).items():
        table.add_row(f"  {name}", str(value))
    for name, value in result.details.get("redeliveries", {}).items():
        table.add_row(f"  redelivered by {name}", str(value))
    for kind in ("lost", "duplicated"):
        for name, value in result.details.get(kind, {}).items():
            if value:
                table.add_row(f"  [red]{kind}: {name}[/]", str(value))
    for note in result.notes:
        table.add_row("note", note)
    console.print(table)


def write(result: Result) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{result.scenario}.json"
    body = {**asdict(result), "passed": result.passed}
    path.write_text(json.dumps(body, indent=2, default=str) + "\n")
    return path
