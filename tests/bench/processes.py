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


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of every core since boot, from /proc/stat: over a run,
    busy / total is how much of the machine was in use (every process, the benchmark's too)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and waiting on I/O
    return sum(fields) - idle, sum(fields)


def busy_since(before: tuple[int, int]) -> float:
    """The share of the machine's cores busy since `machine_jiffies()` gave `before`."""
    busy, total = machine_jiffies()
    return (busy - before[0]) / max(total - before[1], 1)
