"""Tracing and metrics, set up once per service and handed to the broker and the HTTP app."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from prometheus_client import CollectorRegistry

from servicekit.version import VERSION


@dataclass
class Telemetry:
    """What a composition root needs to instrument its broker and its HTTP API."""

    service: str
    tracer_provider: TracerProvider
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()


def _json_lines_exporter(path: str) -> ConsoleSpanExporter:
    """Spans as JSON lines in a file: the embedded default has no Jaeger to send them to."""
    out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the provider
    return ConsoleSpanExporter(out=out, formatter=lambda span: span.to_json(indent=None) + "\n")


def create_telemetry(service: str, tracer_provider: TracerProvider | None = None) -> Telemetry:
    """A provider per service instance (tests run several in one process, so nothing global).

    The OTLP exporter is attached only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces
    variant) is set, the same switch every OpenTelemetry SDK honours; `CITYPRIZE_TRACES_FILE`
    also appends every span as a JSON line to that file (the embedded default uses it).
    Spans carry `service.name` and `service.version` (the workspace's one version).
    """
    if tracer_provider is None:
        resource = Resource.create({SERVICE_NAME: service, SERVICE_VERSION: VERSION})
        tracer_provider = TracerProvider(resource=resource)
        if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
        ):
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        if traces_file := os.environ.get("CITYPRIZE_TRACES_FILE"):
            tracer_provider.add_span_processor(
                BatchSpanProcessor(_json_lines_exporter(traces_file))
            )
    return Telemetry(service=service, tracer_provider=tracer_provider)
