"""Full garbage collections in each service while a phase ran, from its own Prometheus metrics.

    before = await full_collections(endpoints)
    ...                                   # the phase
    spent = since(before, await full_collections(endpoints))   # {service: (count, seconds)}

Each service logs the port it serves `/metrics` on ("metrics served", `metrics_port`); the
histogram `cityprize_gc_pause_seconds{generation="2"}` (servicekit.gc_pauses) counts every
full collection and sums its pause. A pause stops the whole process, so one in the path of an
upload or a score is a p99 stall that no contest caused.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from cityprize.platform import Endpoints
from contracts.subjects import SERVICES
from servicekit.gc_pauses import GC_PAUSE
from tests.bench.figures import Figure

Spent = dict[str, tuple[float, float]]  # service: (full collections, seconds paused)


def metrics_port(log: Path) -> int | None:
    """The last port the service's JSON log says it serves metrics on."""
    port = None
    for line in log.read_text(errors="replace").splitlines():
        if '"metrics served"' in line:
            port = json.loads(line).get("metrics_port", port)
    return port


async def scraped(logs: Path, service: str) -> str | None:
    """The service's `/metrics` text, from the port its log names; None if it names none."""
    port = metrics_port(logs / f"{service}.log")
    if port is None:
        return None
    async with httpx.AsyncClient(timeout=5) as http:
        return (await http.get(f"http://127.0.0.1:{port}/metrics")).text


async def full_collections(endpoints: Endpoints) -> Spent:
    logs = Path(endpoints.mail_folder).parent / "logs"
    spent: Spent = {}
    for service in SERVICES:
        if (text := await scraped(logs, service)) is not None:
            spent[service] = _generation_2(text)
    return spent


def _generation_2(text: str) -> tuple[float, float]:
    count = seconds = 0.0
    for family in text_string_to_metric_families(text):
        if family.name != GC_PAUSE:
            continue
        for sample in family.samples:
            if sample.labels.get("generation") != "2":
                continue
            if sample.name.endswith("_count"):
                count = sample.value
            elif sample.name.endswith("_sum"):
                seconds = sample.value
    return count, seconds


def since(before: Spent, after: Spent) -> Spent:
    return {
        service: (count - before.get(service, (0, 0))[0], seconds - before.get(service, (0, 0))[1])
        for service, (count, seconds) in after.items()
    }


def described(spent: Spent) -> str:
    """`review 2 (130 ms), notify 0, …`: full collections and their pauses per service."""
    return ", ".join(
        f"{service} {count:g}" + (f" ({1000 * seconds:.0f} ms)" if count else "")
        for service, (count, seconds) in spent.items()
    )


def added(total: Spent, more: Spent) -> Spent:
    services = total.keys() | more.keys()
    zero = (0.0, 0.0)
    return {
        s: (
            total.get(s, zero)[0] + more.get(s, zero)[0],
            total.get(s, zero)[1] + more.get(s, zero)[1],
        )
        for s in sorted(services)
    }


def paused(spent: Spent, during: str) -> Figure:
    """All services' full-collection pauses while `during` ran, each service's in the name."""
    return Figure(
        name=f"full garbage collections during the rounds of {during}: {described(spent)}",
        value=round(1000 * sum(seconds for _, seconds in spent.values()), 1),
        unit="ms paused in all",
    )
