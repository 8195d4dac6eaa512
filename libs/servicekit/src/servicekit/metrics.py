"""Prometheus `/metrics` on a port of its own, so the public API port never exposes it.

Served by `prometheus_client`'s own HTTP server in a daemon thread: it needs no event loop
and stops with the process. Kubernetes scrapes the `metrics` container port.
"""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry, start_http_server

logger = logging.getLogger("servicekit.metrics")


def serve_metrics(registry: CollectorRegistry, host: str, port: int) -> int:
    """Start serving `registry` on host:port (0: a free port); returns the port it serves on."""
    server, _ = start_http_server(port, addr=host, registry=registry)
    bound = int(server.server_port)
    logger.info("metrics served", extra={"metrics_port": bound, "path": "/metrics"})
    return bound
