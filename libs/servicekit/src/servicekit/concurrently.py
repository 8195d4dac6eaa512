"""Independent round trips of one piece of work, made side by side.

Each finishes (or fails) before the caller goes on, so no write is left running after a
handler has failed and its message is settled. The first failure, in argument order, is
raised as itself, never wrapped in an `ExceptionGroup` as a `TaskGroup` would: the delivery
policy decides by the exception's type whether a message is retried or dead-lettered
(`servicekit.failures`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar, overload

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


def _raise_first(results: Iterable[object]) -> None:
    for result in results:
        if isinstance(result, BaseException):
            raise result


@overload
async def together(first: Awaitable[A], second: Awaitable[B], /) -> tuple[A, B]: ...


@overload
async def together(
    first: Awaitable[A], second: Awaitable[B], third: Awaitable[C], /
) -> tuple[A, B, C]: ...


async def together(*awaitables: Awaitable[Any]) -> tuple[Any, ...]:
    """The results of two or three awaitables run side by side, in argument order."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    _raise_first(results)
    return tuple(results)


async def each(awaitables: Iterable[Awaitable[A]]) -> list[A]:
    """The results of any number of awaitables of one type run side by side, in order."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    _raise_first(results)
    return list(results)  # type: ignore[arg-type]  # no exception left among them
