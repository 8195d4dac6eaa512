"""The machine's processes as the benchmarks read them from /proc: CPU time, and who serves a port.

pid = pid_serving(b"nats-server", 4222)
before = cpu_seconds_of(pid)
"""

from __future__ import annotations

import os
from pathlib import Path


def cpu_seconds_of(pid: int) -> float:
    """The process's user + system time: what it costs, however busy the machine is."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pid_serving(program: bytes, port: int) -> int | None:
    """The process whose command line names `program` and `port` (the platform starts its
    servers with their ports on the command line or in a config file named after them)."""
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0") if proc.name.isdigit() else []
        except OSError:
            continue  # it ended while we looked
        if any(program in a for a in argv) and any(str(port).encode() in a for a in argv):
            return int(proc.name)
    return None
