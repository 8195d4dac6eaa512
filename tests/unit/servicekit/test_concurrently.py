"""Round trips made side by side: every one finishes, results in order, a failure as itself."""

from __future__ import annotations

import asyncio

import pytest

from servicekit.concurrently import each, together
from servicekit.failures import PermanentError


async def after(seconds: float, value: str, log: list[str]) -> str:
    await asyncio.sleep(seconds)
    log.append(value)
    return value


async def fails(message: str) -> str:
    raise PermanentError(message)


async def test_results_come_in_the_order_asked_whatever_order_they_finish_in():
    log: list[str] = []
    assert await together(after(0.02, "record", log), after(0, "contest", log)) == (
        "record",
        "contest",
    )
    assert log == ["contest", "record"]


async def test_each_runs_any_number_side_by_side():
    log: list[str] = []
    started = asyncio.get_running_loop().time()
    found = await each(after(0.05, f"key-{n}", log) for n in range(10))
    assert found == [f"key-{n}" for n in range(10)]
    assert asyncio.get_running_loop().time() - started < 0.4  # not ten sleeps one by one


async def test_a_failure_is_raised_as_itself_once_the_others_have_finished():
    log: list[str] = []
    with pytest.raises(PermanentError, match="not usable as an id"):
        await together(fails("not usable as an id"), after(0.02, "written", log))
    assert log == ["written"]  # nothing left running after the caller has failed
