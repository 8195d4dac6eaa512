"""A proposed assignment as staff read it: the load per judge as a table and a histogram of
loads (how many judges carry 0, 1, 2, ... reviews), so an uneven spread shows at a glance."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.views.charts import Chart, bar_chart


@dataclass(frozen=True)
class LoadView:
    loads: tuple[tuple[str, int], ...]
    histogram: Chart
    total: int


def load_view(loads: Mapping[str, int]) -> LoadView:
    """`loads`: judge id → new reviews; the histogram has one bar per load from 0 to the max."""
    top = max(loads.values(), default=0)
    judges_with = [sum(1 for load in loads.values() if load == n) for n in range(top + 1)]
    histogram = bar_chart((str(n), float(count)) for n, count in enumerate(judges_with))
    return LoadView(tuple(sorted(loads.items())), histogram, sum(loads.values()))


def proof_text(proofs: Mapping[str, Mapping[str, Any]]) -> str:
    """The proof of each judge pool as stored (solver, parameters, seed, input hash, checks)."""
    return json.dumps(proofs, indent=2, sort_keys=True, default=str)
