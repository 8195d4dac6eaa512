"""A handler's parts from the broker's context reach it without a trip to a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Annotated, Any

import fast_depends.utils
import pytest
from faststream import Context
from faststream.nats import NatsBroker, TestNatsBroker

from servicekit.handler_context import FromContext


@pytest.fixture
def thread_hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of what fast_depends sent to a worker thread."""
    hops: list[str] = []
    to_thread = fast_depends.utils.run_in_threadpool

    async def counted(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(func, "__qualname__", repr(func)))
        return await to_thread(func, *args, **kwargs)

    monkeypatch.setattr(fast_depends.utils, "run_in_threadpool", counted)
    return hops


async def deliver(field: Any) -> list[str]:
    broker, seen = NatsBroker(), list[str]()
    broker.context.set_global("holder", SimpleNamespace(store="the store"))

    @broker.subscriber("prize.submission.received")
    async def screen(body: str, store: Annotated[str, field]) -> None:
        seen.append(store)

    async with TestNatsBroker(broker) as running:
        await running.publish("an event", "prize.submission.received")
    return seen


async def test_a_handler_gets_its_part_of_the_context_on_the_event_loop(thread_hops):
    assert await deliver(FromContext("holder.store")) == ["the store"]
    assert thread_hops == []


async def test_faststreams_own_context_sends_the_same_lookup_to_a_worker_thread(thread_hops):
    assert await deliver(Context("holder.store")) == ["the store"]
    assert thread_hops == ["Context.use"]
