"""Tracing and metrics, set up once per service and handed to the broker and the HTTP app."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Final

from opentelemetry.sdk.resources import (
    SERVICE_NAME,
    SERVICE_VERSION,
    OTELResourceDetector,
    Resource,
)
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from prometheus_client import CollectorRegistry, ProcessCollector

from servicekit.attribution import AttributingSpanProcessor
from servicekit.gc_pauses import CollectorPauses
from servicekit.version import VERSION

SERVICE_NAMESPACE: Final = "service.namespace"
DEPLOYMENT_ENVIRONMENT: Final = "deployment.environment.name"
NAMESPACE: Final = "cityprize"
DEFAULT_ENVIRONMENT: Final = "local"


@dataclass
class Telemetry:
    """What a composition root needs to instrument its broker and its HTTP API."""

    service: str
    tracer_provider: TracerProvider
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    gc_pauses: CollectorPauses = field(init=False)
    """Registered with the metrics; observing only once the process's entry point installs it
    (`servicekit.service.serve`), as tests build several services in one process."""

    def __post_init__(self) -> None:
        self.gc_pauses = CollectorPauses(self.registry)
        # The standard `process_*` series (CPU seconds, resident memory, open files), read
        # from /proc at each scrape: CPU per event is what bounds a Python consumer.
        ProcessCollector(registry=self.registry)

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()


def _json_lines_exporter(path: str) -> ConsoleSpanExporter:
    """Spans as JSON lines in a file: the embedded default has no Jaeger to send them to."""
    out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the provider
    return ConsoleSpanExporter(out=out, formatter=lambda span: span.to_json(indent=None) + "\n")


def service_resource(service: str) -> Resource:
    """The resource of every span, by the OpenTelemetry semantic conventions.

    `service.name` is `service` unless `OTEL_SERVICE_NAME` (or `service.name` in
    `OTEL_RESOURCE_ATTRIBUTES`) says otherwise; `service.namespace` is `cityprize`,
    `service.version` the workspace's one version, `deployment.environment.name` `local`
    unless `OTEL_RESOURCE_ATTRIBUTES` names it. The environment wins over every default, as the
    SDK specification asks (it is read by the SDK's own detector).
    """
    detected = OTELResourceDetector().detect().attributes
    defaults = {
        SERVICE_NAME: service,
        SERVICE_NAMESPACE: NAMESPACE,
        SERVICE_VERSION: VERSION,
        DEPLOYMENT_ENVIRONMENT: DEFAULT_ENVIRONMENT,
    }
    return Resource.create({k: v for k, v in defaults.items() if k not in detected})


def attach_ids(tracer_provider: TracerProvider) -> None:
    """Give a provider the processor that puts contest and submission ids on every span.

    Idempotent: tests hand one provider to several services in a process.
    """
    if not getattr(tracer_provider, "_cityprize_ids", False):
        tracer_provider.add_span_processor(AttributingSpanProcessor())
        tracer_provider._cityprize_ids = True  # type: ignore[attr-defined]


def create_tracer_provider(
    service: str, *, traces_file: str | None = None, otlp_endpoint: str | None = None
) -> TracerProvider:
    """A provider exporting where the environment (or the caller, for the staff CLI) says.

    OTLP over HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces variant) is set, the same
    switch every OpenTelemetry SDK honours; the exporter, the batch processor and the sampler
    read their other `OTEL_*` variables themselves. `CITYPRIZE_TRACES_FILE` also appends every
    span as a JSON line to that file (the embedded default uses it). `traces_file` and
    `otlp_endpoint` (a base URL, `/v1/traces` is added) stand in for those variables.
    """
    tracer_provider = TracerProvider(resource=service_resource(service))
    attach_ids(tracer_provider)
    if (
        otlp_endpoint
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    ):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = (
            OTLPSpanExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/traces")
            if otlp_endpoint
            else OTLPSpanExporter()
        )
        tracer_provider.add_span_processor(BatchSpanProcessor(exporter))
    if traces_file := traces_file or os.environ.get("CITYPRIZE_TRACES_FILE"):
        tracer_provider.add_span_processor(BatchSpanProcessor(_json_lines_exporter(traces_file)))
    return tracer_provider


def create_telemetry(service: str, tracer_provider: TracerProvider | None = None) -> Telemetry:
    """A provider per service instance (tests run several in one process, so nothing global)."""
    if tracer_provider is None:
        tracer_provider = create_tracer_provider(service)
    else:
        attach_ids(tracer_provider)
    return Telemetry(service=service, tracer_provider=tracer_provider)
