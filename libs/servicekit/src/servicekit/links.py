"""Deferred work that keeps its cause: a span link to the trace that asked for it.

A timer firing minutes later is not part of the request that set it (its trace has ended),
so it starts a trace of its own and links to the cause — OpenTelemetry's idiom for batched
and delayed work. The cause travels with the job as a W3C `traceparent` string.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from servicekit.attribution import about

_PROPAGATOR = TraceContextTextMapPropagator()


def current_traceparent() -> str:
    """The `traceparent` of the current span, or "" outside a trace."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent", "")


def _link_to(traceparent: str) -> list[trace.Link]:
    if not traceparent:
        return []
    cause = trace.get_current_span(_PROPAGATOR.extract({"traceparent": traceparent}))
    context = cause.get_span_context()
    return [trace.Link(context)] if context.is_valid else []


@contextmanager
def linked_root_span(
    tracer: trace.Tracer, name: str, cause: str, ids: Mapping[str, str]
) -> Iterator[trace.Span]:
    """A new trace for deferred work, linked to `cause` (a `traceparent`, may be empty).

    `ids` (prefixed, as `servicekit.attribution.ids_in` gives) go on this span and, through
    the attribution context, on every span and log line of the work.
    """
    with (
        about(ids),
        tracer.start_as_current_span(
            name,
            context=otel_context.Context(),
            kind=trace.SpanKind.INTERNAL,
            links=_link_to(cause),
            attributes=dict(ids),
        ) as span,
    ):
        yield span
