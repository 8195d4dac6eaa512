"""How the demo waits and shows progress: polling with a deadline, and one progress bar."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")


async def wait_for(probe: Callable[[], Awaitable[T | None]], what: str, timeout: float = 60) -> T:
    """The probe's first answer that is not None, polled every 0.25 s; TimeoutError naming
    `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := await probe()) is not None:
            return found
        await asyncio.sleep(0.25)
    raise TimeoutError(f"the demo waited {timeout:.0f}s for {what}")


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
