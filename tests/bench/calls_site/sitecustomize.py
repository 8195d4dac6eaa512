"""Loaded by every Python process started with this folder on PYTHONPATH; counts calls only in
the service named by CITYPRIZE_COUNT_CALLS (`python -m <name>`), see tests.bench.count_calls."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

_SERVICE = os.environ.get("CITYPRIZE_COUNT_CALLS", "")
_ARGV = Path(f"/proc/{os.getpid()}/cmdline").read_bytes().split(b"\0")
_counted = [0]


def _count(frame: FrameType, event: str, arg: Any) -> None:
    if event in ("call", "c_call"):
        _counted[0] += 1


def _report(signum: int, frame: FrameType | None) -> None:
    with Path(os.environ["CITYPRIZE_COUNT_CALLS_FILE"]).open("a") as out:
        out.write(f"{_counted[0]}\n")


if _SERVICE and _SERVICE.encode() in _ARGV:
    sys.setprofile(_count)
    threading.setprofile(_count)
    signal.signal(signal.SIGUSR1, _report)
