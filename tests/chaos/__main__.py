"""`python -m tests.chaos [F1 F3 ...]`: run the fault scenarios, print a table for each and
write it as JSON to var/chaos/<scenario>.json. Exit 1 when any lost or duplicated."""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
import traceback

from rich.console import Console

from servicekit.embedded import reap_on_sigterm
from tests.chaos.report import Result, show, write

SCENARIOS = {
    "F1": "f1_kill_consumers",
    "F2": "f2_restart_nats",
    "F3": "f3_cluster_bounce",
    "F4": "f4_outbox",
    "F5": "f5_s3_outage",
    "F6": "f6_poison",
    "F7": "f7_pause",
}


def main(selected: list[str]) -> int:
    reap_on_sigterm()
    console = Console()
    names = [name.upper() for name in selected] or list(SCENARIOS)
    failed = []
    started = time.monotonic()
    for name in names:
        console.rule(f"[bold]{name}")
        module = importlib.import_module(f"tests.chaos.{SCENARIOS[name]}")
        try:
            result: Result = asyncio.run(module.scenario())
        except Exception as error:
            traceback.print_exc()
            result = Result(name, "did not complete", notes=[f"{type(error).__name__}: {error}"])
        show(console, result)
        console.print(f"written to {write(result)}")
        if not result.passed:
            failed.append(name)
    console.rule(f"{len(names)} scenarios in {time.monotonic() - started:.0f}s")
    console.print(f"[red]failed: {', '.join(failed)}[/]" if failed else "[green]all held[/]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
