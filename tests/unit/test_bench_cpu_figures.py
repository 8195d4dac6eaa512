"""`make bench` says by how much a consumer misses its target and where its CPU went."""

from __future__ import annotations

from tests.bench.e2e_cpu import CpuSpent, why_short


def test_a_consumer_busy_on_one_core_is_called_bound_by_its_own_cpu_with_its_shortfall():
    # 1,000 events in 4.4 s on 4.3 s of CPU: 4.3 ms per event, 227 events/s.
    spent = CpuSpent(seconds=4.3, elapsed=4.4, events=1000)
    why = why_short(spent, stack_ms=0.35, io_rate=844, rate=227)

    assert round(spent.per_event_ms, 2) == 4.3
    assert "short by 1.9× (227 of 422 events/s)" in why
    assert "bound by its own CPU (0.98 of a core)" in why
    assert "0.35 in the consumer stack alone and 3.95 in the handler" in why
    assert "budget of 2.37 ms per event" in why


def test_a_consumer_that_idles_between_events_is_called_waiting_on_io():
    spent = CpuSpent(seconds=1.0, elapsed=5.0, events=1000)
    assert "waiting on I/O (0.20 of a core)" in why_short(spent, 0.35, 1000, 200)
