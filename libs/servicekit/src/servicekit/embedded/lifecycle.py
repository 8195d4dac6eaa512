"""Start, stop, restart and `with` for every embedded server, written once.

`Lifecycle` is what the servers and the NATS cluster share: `with server:` starts it and
always stops it, `restart()` is a stop then a start on the same ports and data. A
`ProcessServer` is a server that runs as one `ManagedProcess` (nats-server, weed,
SecantusDB) in its own `workdir`: `start` makes the folder, lets the server write what it
reads there (`_prepare`), then waits for `_ready`; stop and kill reach that process, then
`_after_stop` tidies what it leaves.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Self

from servicekit.embedded.process import ManagedProcess


class Lifecycle:
    """`start()` returns the server ready to use; `stop()` ends it and may be called twice."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def restart(self) -> Self:
        """Stop and start again on the same ports and data."""
        self.stop()
        return self.start()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class ProcessServer(Lifecycle):
    """A server run as `self._process`; `stop_timeout` (s): SIGTERM to SIGKILL by default."""

    stop_timeout: float = 10.0

    def __init__(self, workdir: Path, process: ManagedProcess, start_timeout: float) -> None:
        self.workdir = workdir
        self.start_timeout = start_timeout
        self._process = process

    def start(self) -> Self:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._prepare()
        self._process.start(self._ready, self.start_timeout)
        return self

    def _prepare(self) -> None:
        """What the server reads at start, written in `workdir` (nothing, unless it says)."""

    def _ready(self) -> bool:
        raise NotImplementedError

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def process(self) -> ManagedProcess:
        return self._process

    def stop(self, timeout: float | None = None) -> None:
        """SIGTERM, SIGKILL after `timeout` s (`stop_timeout` when not given), then reap."""
        self._process.stop(self.stop_timeout if timeout is None else timeout)
        self._after_stop()

    def kill(self) -> None:
        """SIGKILL at once: a crash, for fault tests."""
        self._process.kill()
        self._after_stop()

    def _after_stop(self) -> None:
        """What the process leaves behind once it is gone (nothing, unless a server says)."""
