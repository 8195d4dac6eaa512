"""`python -m tests.bench [NAME ...]`: run the benchmarks, print one table, write var/bench/."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from rich.console import Console
from rich.table import Table

import tests.bench
from servicekit.embedded import reap_on_sigterm
from tests.bench.figures import Figure, write_figures


def discover(selected: list[str]) -> list[str]:
    names = [
        info.name
        for info in pkgutil.iter_modules(tests.bench.__path__)
        if info.name.startswith("bench_")
    ]
    return [
        name for name in sorted(names) if not selected or name.removeprefix("bench_") in selected
    ]


def main(selected: list[str]) -> int:
    reap_on_sigterm()
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # a log file or a pipe: keep the table readable
    table = Table("benchmark", "figure", "value", "unit", "baseline", "ratio", "target", "met")
    failures = 0
    missed: list[Figure] = []
    for name in discover(selected):
        module = importlib.import_module(f"tests.bench.{name}")
        console.print(f"[bold]running {name}[/bold]")
        started = time.monotonic()
        figures: list[Figure] = module.run()
        path = write_figures(name.removeprefix("bench_"), figures)
        console.print(f"  {len(figures)} figures in {time.monotonic() - started:.1f}s -> {path}")
        for figure in figures:
            ratio = f"{figure.ratio:.2f}" if figure.ratio is not None else ""
            met = "" if figure.met is None else ("yes" if figure.met else "NO")
            failures += figure.met is False
            missed += [figure] if figure.met is False else []
            table.add_row(
                name.removeprefix("bench_"),
                figure.name,
                f"{figure.value:,.3f}",
                figure.unit,
                figure.baseline or "",
                ratio,
                figure.target or "",
                met,
            )
    console.print(table)
    if failures:
        console.print(f"[red]{failures} figure(s) missed their target[/red]")
    for figure in missed:
        console.print(f"  [red]{figure.name}[/red]: {figure.why or 'no cause measured'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
