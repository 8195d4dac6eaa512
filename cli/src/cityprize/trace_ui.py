"""The trace UI of `cityprize up --traces`: Phoenix on loopback, as a process of its own.

Phoenix (PyPI `arize-phoenix`) takes OTLP over HTTP at `/v1/traces`, stores spans in SQLite
under `workdir`, and shows each trace as a span tree with a timeline. It is large (~620 MB),
so it is not in the locked workspace: `make traceui` installs a pinned copy into
`.venv-traceui` (see `tools/traceui/requirements.txt` and docs/traces.md for why this one).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Final

from servicekit.embedded import LOOPBACK, ManagedProcess, free_port, http_status
from servicekit.embedded.process import ServerStartError

SCRIPT: Final = "phoenix"
ENVIRONMENT: Final = ".venv-traceui"
INSTALL_HINT: Final = "run `make traceui`, which installs the pinned Phoenix into .venv-traceui"
# Phoenix migrates its SQLite schema and loads its UI on first start: ~20 s on 2 cores.
START_TIMEOUT: Final = 120.0


def find_phoenix() -> Path | None:
    """`CITYPRIZE_PHOENIX` if set, else `.venv-traceui/bin/phoenix` beside the project's venv
    (or above the working directory), else the script on PATH."""
    explicit = os.environ.get("CITYPRIZE_PHOENIX")
    if explicit:
        return Path(explicit)
    for root in [Path(sys.prefix).parent, Path.cwd().resolve(), *Path.cwd().resolve().parents]:
        candidate = root / ENVIRONMENT / "bin" / SCRIPT
        if candidate.is_file():
            return candidate
    on_path = shutil.which(SCRIPT)
    return Path(on_path) if on_path else None


FILTER_HINT: Final = "attributes['cityprize']['submission_id'] == '{submission_id}'"
"""What staff type in the UI's span filter (Tracing, Spans) to find one submission's spans."""


class TraceUi:
    """Phoenix on `127.0.0.1:port`; spans sent to `otlp_endpoint` show at `url`."""

    def __init__(self, workdir: Path, *, port: int | None = None) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self._binary = find_phoenix()
        env = {
            **os.environ,
            "PHOENIX_HOST": LOOPBACK,
            "PHOENIX_PORT": str(self.port),
            "PHOENIX_GRPC_PORT": str(free_port()),
            "PHOENIX_WORKING_DIR": str(workdir),
            # Nothing leaves the machine: no product analytics from the UI.
            "PHOENIX_TELEMETRY_ENABLED": "false",
        }
        argv = [str(self._binary or SCRIPT), "serve"]
        self._process = ManagedProcess("traceui", argv, workdir, env)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def otlp_endpoint(self) -> str:
        """For `OTEL_EXPORTER_OTLP_ENDPOINT`: the exporter adds `/v1/traces` itself."""
        return self.url

    def start(self) -> TraceUi:
        if self._binary is None or not self._binary.is_file():
            raise ServerStartError(f"the trace UI ({SCRIPT}) is not installed: {INSTALL_HINT}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._process.start(lambda: http_status(f"{self.url}/healthz") == 200, START_TIMEOUT)
        return self

    def stop(self, timeout: float = 20.0) -> None:
        self._process.stop(timeout)
