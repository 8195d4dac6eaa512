"""Locks by name, held only while someone uses them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from weakref import WeakValueDictionary


class NamedLocks:
    """`async with locks.holding(names)`: one holder per name at a time, in this process.

    Several names are taken in sorted order, so two holders never wait on each other."""

    def __init__(self) -> None:
        self._locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    def _lock(self, name: str) -> asyncio.Lock:
        lock = self._locks.get(name)
        if lock is None:
            lock = self._locks[name] = asyncio.Lock()
        return lock

    @contextlib.asynccontextmanager
    async def holding(self, names: Iterable[str]) -> AsyncIterator[None]:
        locks = [self._lock(name) for name in sorted(set(names))]
        async with contextlib.AsyncExitStack() as stack:
            for lock in locks:
                await stack.enter_async_context(lock)
            yield
