"""The staff CLI's spans: one per command, its context carried in NATS headers.

Without them, `contest apply` was four unrelated traces and nothing tied "staff committed
the assignment" to the emails it caused (issue 21). Spans go where the services' go: OTLP when
`OTEL_EXPORTER_OTLP_ENDPOINT` is set, JSON lines when `CITYPRIZE_TRACES_FILE` is; with
neither, the context still travels, so the services' spans still form one trace.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import TracerProvider

# Typer vendors click and runs commands under its own copy's context stack; this is where
# the running command's path (`cityprize round assign`) is.
from typer._click.globals import get_current_context

from servicekit.telemetry import create_tracer_provider

SERVICE = "cli"
# Long-running commands are many stories, not one: each of their requests is its own trace.
_UNTRACED_COMMANDS = frozenset({"up", "demo", "trace"})
_provider: TracerProvider | None = None


def use(provider: TracerProvider) -> None:
    """Send the CLI's spans through `provider` (the demo writes them beside the services')."""
    global _provider
    if _provider is not None and _provider is not provider:
        _provider.shutdown()
    _provider = provider


def provider() -> TracerProvider:
    if _provider is None:
        use(create_tracer_provider(SERVICE))
        atexit.register(lambda: _provider.shutdown() if _provider else None)
    assert _provider is not None
    return _provider


def tracer() -> trace.Tracer:
    return provider().get_tracer("cityprize.cli")


def with_context(headers: dict[str, str]) -> dict[str, str]:
    """`headers` plus the W3C `traceparent` of the current span."""
    propagate.inject(headers)
    return headers


def command_name() -> str | None:
    """`cityprize round assign` while a traced CLI command runs; None elsewhere."""
    context = get_current_context(silent=True)
    if context is None or context.info_name in _UNTRACED_COMMANDS:
        return None
    return context.command_path


@contextmanager
def command_span() -> Iterator[None]:
    """The root span of a staff command, current while it runs."""
    name = command_name()
    if name is None:
        yield
        return
    with tracer().start_as_current_span(name, kind=trace.SpanKind.CLIENT):
        yield
