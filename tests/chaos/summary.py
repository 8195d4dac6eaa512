"""`python -m tests.chaos.summary`: the results in var/chaos/*.json as one Markdown table."""

from __future__ import annotations

import json
from pathlib import Path

from tests.chaos.report import OUT


def row(path: Path) -> str:
    r = json.loads(path.read_text())
    counted = r["details"].get("counted", {})
    cells = [
        r["scenario"],
        str(len(r["faults"])),
        str(r["events"]),
        str(r["lost"]),
        str(r["duplicated"]),
        str(r["redeliveries"]),
        f"{r['recovery_seconds']:.0f} s",
        f"{r['duration_seconds']:.0f} s",
        str(counted.get("receipt copies resent with the same Message-ID", "")),
        "held" if r["passed"] else "**FAILED**",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    print(
        "| scenario | faults | events | lost | duplicated | redeliveries | recovery | "
        "duration | receipt resent, same Message-ID | |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sorted(OUT.glob("F*.json")):
        print(row(path))


if __name__ == "__main__":
    main()
