"""A server subprocess in its own process group, with a log file and a registry of live pids."""

from __future__ import annotations

import atexit
import contextlib
import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import FrameType

from servicekit.embedded.ports import wait_until

_TAIL_BYTES = 4000

_registry: dict[int, subprocess.Popen[bytes]] = {}
_registry_lock = threading.Lock()


class ServerStartError(RuntimeError):
    """A server exited early or was not ready by its deadline; the message says why."""


def live_processes() -> list[int]:
    """Pids of processes started by `ManagedProcess` that are still running (or paused)."""
    with _registry_lock:
        return [pid for pid, popen in _registry.items() if popen.poll() is None]


@atexit.register
def kill_live_processes() -> None:
    """SIGKILL every process still alive; also run at exit, so a crashed runner or test
    session does not leave servers holding ports and data dirs."""
    with _registry_lock:
        leftovers = [popen for popen in _registry.values() if popen.poll() is None]
    for popen in leftovers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()
        with _registry_lock:
            _registry.pop(popen.pid, None)


def reap_on_sigterm() -> None:
    """On SIGTERM, SIGKILL every server this process started, then exit with status 143.

    For runners (tests, benchmarks, the fault suite) stopped by a time-out or a CI cancel:
    Python's default SIGTERM ends the process without running `atexit`, and each server has
    a process group of its own, so nothing else would stop them.
    """

    def reap(signum: int, frame: FrameType | None) -> None:
        # No lock here: the interrupted code may hold it. A pid that exits meanwhile is fine.
        for popen in list(_registry.values()):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(popen.pid, signal.SIGKILL)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, reap)


class ManagedProcess:
    """One subprocess: `start()` waits for readiness, `stop()` always reaps it."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        workdir: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self._env = dict(env) if env is not None else None
        self._popen: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen is not None else None

    @property
    def returncode(self) -> int | None:
        """The exit code once reaped (negative: killed by that signal)."""
        return self._popen.returncode if self._popen is not None else None

    @property
    def running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    def start(self, ready: Callable[[], bool], timeout: float) -> None:
        """Launch and block until `ready()` is true; ServerStartError otherwise."""
        if self.running:
            return
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self._log_offset = log.tell()
            try:
                self._popen = subprocess.Popen(
                    self.argv,
                    cwd=self.workdir,
                    env=self._env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            except OSError as error:
                raise self._failure(f"could not be launched: {error}") from error
        popen = self._popen
        with _registry_lock:
            _registry[popen.pid] = popen
        try:
            wait_until(lambda: popen.poll() is not None or ready(), timeout, f"{self.name}")
        except TimeoutError:
            self.kill()
            raise self._failure(f"was not ready after {timeout:g}s") from None
        if popen.poll() is not None:
            self._reap()
            raise self._failure(f"exited early with code {popen.returncode}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the group, SIGKILL it after `timeout` s, and reap the process."""
        if self._popen is None:
            return
        if self._popen.poll() is None:
            self._signal(signal.SIGTERM)
            # A paused process only acts on SIGTERM once it runs again.
            self._signal(signal.SIGCONT)
            try:
                self._popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
        self._reap()

    def kill(self) -> None:
        """SIGKILL the group at once: a crash, for fault tests."""
        if self._popen is None:
            return
        if self._popen.poll() is None:
            self._signal(signal.SIGKILL)
        self._reap()

    def pause(self) -> None:
        """SIGSTOP the group: alive but unresponsive."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT the group after `pause()`."""
        self._signal(signal.SIGCONT)

    def log_tail(self) -> str:
        """The end of what this run has written to the log."""
        try:
            with self.log_path.open("rb") as log:
                size = log.seek(0, os.SEEK_END)
                log.seek(max(self._log_offset, size - _TAIL_BYTES))
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def _signal(self, signum: signal.Signals) -> None:
        if self._popen is not None and self._popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._popen.pid, signum)

    def _reap(self) -> None:
        if self._popen is None:
            return
        self._popen.wait()
        with _registry_lock:
            _registry.pop(self._popen.pid, None)

    def _failure(self, reason: str) -> ServerStartError:
        tail = self.log_tail().strip() or "(empty)"
        return ServerStartError(
            f"{self.name} {reason}\ncommand: {shlex.join(self.argv)}\nlog {self.log_path}:\n{tail}"
        )
