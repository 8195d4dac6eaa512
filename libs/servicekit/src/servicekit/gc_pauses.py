"""How long CPython's cyclic garbage collector stops the process, per generation, for Prometheus.

    pauses = CollectorPauses(registry)
    pauses.install()   # from then on every collection is observed, in seconds

While the collector runs, nothing else in the process does: no message is handled, no request
answered. A full (generation 2) collection walks every tracked object the process holds, so
its pause grows with the heap (tens to hundreds of milliseconds for a service's ~100,000
objects on a small machine); one such pause is a latency percentile's stall. `gc.freeze()`
at start (`servicekit.service.serve`) takes the objects built before serving out of its walk;
this histogram shows what is left. Metric: `cityprize_gc_pause_seconds{generation}`.
Source: the `gc.callbacks` protocol ("start" and "stop" phases, `info["generation"]`).
"""

from __future__ import annotations

import gc
import time
from typing import Final

from prometheus_client import CollectorRegistry, Histogram

GC_PAUSE: Final = "cityprize_gc_pause_seconds"
# From a young generation's tens of microseconds to a full collection's hundreds of ms.
BUCKETS: Final = (0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class CollectorPauses:
    """A `gc.callbacks` entry observing each collection's pause into a histogram."""

    def __init__(self, registry: CollectorRegistry) -> None:
        histogram = Histogram(
            GC_PAUSE,
            "How long each cyclic garbage collection stopped the process, by generation.",
            ["generation"],
            buckets=BUCKETS,
            registry=registry,
        )
        # Bound once: a young collection runs every few hundred allocations.
        self._by_generation = [histogram.labels(str(g)) for g in range(3)]
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self._by_generation[info["generation"]].observe(time.perf_counter() - self._started)

    def install(self) -> None:
        """Observe every collection from now on (once per process: its entry point calls it)."""
        if self not in gc.callbacks:
            gc.callbacks.append(self)

    def remove(self) -> None:
        if self in gc.callbacks:
            gc.callbacks.remove(self)
