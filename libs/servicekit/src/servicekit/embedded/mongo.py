"""A real MongoDB-wire server on loopback for the archive: SecantusDB, as its own process.

No MongoDB server installs from a package registry; SecantusDB (PyPI `secantusdb`, WiredTiger
storage, real indexes) does. It is GPL-2.0 and beta, so it is never imported: the Makefile
installs a pinned copy into an environment of its own (`.venv-secantus`, see
`tools/secantusdb/requirements.txt`) and this module only starts its `secantusd-py` script.
Production and compose run MongoDB itself (`MONGODB_URL`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Self

from servicekit.embedded.lifecycle import ProcessServer
from servicekit.embedded.ports import LOOPBACK, free_port, port_accepts
from servicekit.embedded.process import ManagedProcess, ServerStartError

SCRIPT = "secantusd-py"
ENVIRONMENT = ".venv-secantus"
# The oplog feeds change streams, which the archive does not use: keep it small.
OPLOG_MAX_ENTRIES = 1000
INSTALL_HINT = "run `make sync`, which installs the pinned SecantusDB into .venv-secantus"


def find_secantusd() -> Path | None:
    """`SECANTUSD` if set, else `.venv-secantus/bin/secantusd-py` beside the project's venv
    (or above the working directory), else the script on PATH; None when there is none."""
    explicit = os.environ.get("SECANTUSD")
    if explicit:
        return Path(explicit)
    roots = [Path(sys.prefix).parent, *Path.cwd().resolve().parents, Path.cwd().resolve()]
    for root in roots:
        candidate = root / ENVIRONMENT / "bin" / SCRIPT
        if candidate.is_file():
            return candidate
    on_path = shutil.which(SCRIPT)
    return Path(on_path) if on_path else None


class MongoServer(ProcessServer):
    """SecantusDB on `127.0.0.1:port` with its WiredTiger files in `workdir/data`.

    `start()` raises `ServerStartError` naming what is missing when the server is not
    installed; a restart on the same `workdir` reopens the same data.
    """

    # On SIGTERM SecantusDB checkpoints WiredTiger and closes; give it longer than the rest.
    stop_timeout = 20.0

    def __init__(
        self, workdir: Path, *, port: int | None = None, start_timeout: float = 30.0
    ) -> None:
        self.port = port or free_port()
        self.data_dir = workdir / "data"
        self._binary = find_secantusd()
        argv = [
            str(self._binary or SCRIPT),
            "--host",
            LOOPBACK,
            "--port",
            str(self.port),
            "--storage-path",
            str(self.data_dir),
            "--oplog-max-entries",
            str(OPLOG_MAX_ENTRIES),
            "--log-level",
            "WARNING",
        ]
        super().__init__(workdir, ManagedProcess("mongodb", argv, workdir), start_timeout)

    @property
    def url(self) -> str:
        # directConnection: it advertises itself as a one-node replica set; talk to it as is.
        # retryWrites=false: SecantusDB 0.7.0b3 keeps every retryable write's reply for 30
        # minutes and, past 10,000 of them, sorts them all on each write (transactions.py,
        # `_prune_retryable_locked`), so writes slow from 0.4 ms to 7-12 ms after ~10,000. The
        # archive needs no driver retry: a failed write fails the handler and JetStream
        # redelivers the event, which the archive applies once (docs/archive.md).
        return f"mongodb://{LOOPBACK}:{self.port}/?directConnection=true&retryWrites=false"

    def start(self) -> Self:
        if self._binary is None or not self._binary.is_file():
            raise ServerStartError(f"SecantusDB ({SCRIPT}) is not installed: {INSTALL_HINT}")
        return super().start()

    def _ready(self) -> bool:
        # SecantusDB opens its storage before it listens: accepting means ready.
        return port_accepts(LOOPBACK, self.port)
