"""The MongoDB-wire server a benchmark measures: `MONGODB_URL`, else SecantusDB for the run."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servicekit.embedded import MongoServer


@contextmanager
def mongodb_url() -> Iterator[str]:
    """Yield a server URL; a SecantusDB started here is stopped and its files removed after."""
    given = os.environ.get("MONGODB_URL")
    if given:
        yield given
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-mongo-") as folder,
        MongoServer(Path(folder)) as server,
    ):
        yield server.url
