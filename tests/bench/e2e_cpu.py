"""CPU per event: what a service's process spent while one of its durables drained.

    before = await cpu_seconds(logs, "notify")
    ...                                             # the durable drains `events`
    spent = CpuSpent(await cpu_seconds(logs, "notify") - before, elapsed, events)

Read from the service's own Prometheus metrics (`process_cpu_seconds_total`, user + system,
prometheus_client's `ProcessCollector`), on the port its JSON log names (`e2e_gc`). Only one
durable runs at a time in the consumers phase and the service is otherwise idle, so the
process's CPU over the drain is that consumer's. A consumer whose CPU is near one core over
the drain is bound by its own Python: its rate is at most 1 / (CPU per event).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.bench.e2e_gc import scraped

CPU = "process_cpu_seconds"


async def cpu_seconds(logs: Path, service: str) -> float | None:
    """The service's CPU seconds so far (user + system); None if it serves no metrics."""
    if (text := await scraped(logs, service)) is None:
        return None
    for family in text_string_to_metric_families(text):
        if family.name == CPU:
            return float(family.samples[0].value)
    return None


@dataclass(frozen=True)
class CpuSpent:
    """`seconds` of CPU over `elapsed` seconds of wall time for `events` events."""

    seconds: float
    elapsed: float
    events: int

    @property
    def per_event_ms(self) -> float:
        return 1000 * self.seconds / max(self.events, 1)

    @property
    def of_a_core(self) -> float:
        """CPU seconds per wall second: 1.0 is one core busy the whole drain."""
        return self.seconds / self.elapsed if self.elapsed else 0.0


def why_short(consumer: CpuSpent, stack_ms: float, io_rate: float, rate: float) -> str:
    """By how much a consumer misses ≥ 0.5 × its I/O loop, and where its time goes.

    At the target its wall time per event is 1 / (0.5 × io_rate); a consumer busy on one
    core cannot be faster than 1 / (CPU per event), so that is its CPU budget per event.
    """
    budget_ms = 1000 / (0.5 * io_rate)
    handler_ms = max(consumer.per_event_ms - stack_ms, 0.0)
    bound = "bound by its own CPU" if consumer.of_a_core >= 0.8 else "waiting on I/O"
    return (
        f"short by {0.5 * io_rate / rate:.1f}× ({rate:.0f} of {0.5 * io_rate:.0f} events/s); "
        f"{bound} ({consumer.of_a_core:.2f} of a core): {consumer.per_event_ms:.2f} ms of CPU "
        f"per event, {stack_ms:.2f} in the consumer stack alone and {handler_ms:.2f} in the "
        f"handler, against a budget of {budget_ms:.2f} ms per event at the target"
    )
