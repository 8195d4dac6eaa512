"""Every cyclic garbage collection's pause is observed in `cityprize_gc_pause_seconds`."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry

from servicekit.gc_pauses import GC_PAUSE, CollectorPauses


@pytest.fixture
def pauses() -> Iterator[tuple[CollectorPauses, CollectorRegistry]]:
    registry = CollectorRegistry()
    observed = CollectorPauses(registry)
    observed.install()
    gc.disable()  # only the collections a test asks for are counted
    try:
        yield observed, registry
    finally:
        gc.enable()
        observed.remove()


def count(registry: CollectorRegistry, generation: str) -> float:
    value = registry.get_sample_value(f"{GC_PAUSE}_count", {"generation": generation})
    return value or 0.0


def test_a_full_collection_is_counted_under_generation_2_with_its_duration(
    pauses: tuple[CollectorPauses, CollectorRegistry],
) -> None:
    _, registry = pauses
    before = count(registry, "2")
    gc.collect()
    assert count(registry, "2") == before + 1
    total = registry.get_sample_value(f"{GC_PAUSE}_sum", {"generation": "2"})
    assert total is not None
    assert total > 0


def test_a_young_collection_is_counted_under_its_own_generation(
    pauses: tuple[CollectorPauses, CollectorRegistry],
) -> None:
    _, registry = pauses
    gc.collect(0)
    assert count(registry, "0") >= 1
    assert count(registry, "2") == 0


def test_installing_twice_observes_each_collection_once_and_removing_stops_it(
    pauses: tuple[CollectorPauses, CollectorRegistry],
) -> None:
    observed, registry = pauses
    observed.install()
    gc.collect()
    assert count(registry, "2") == 1
    observed.remove()
    gc.collect()
    assert count(registry, "2") == 1
