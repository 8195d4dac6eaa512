"""Schema-driven fuzzing of a running service with schemathesis: every operation of its own
OpenAPI, each answer checked against that document (no 5xx, a documented status, content
type and body). `FUZZ_EXAMPLES` sets the examples per operation (short in `make test`,
long in `make chaos`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class FuzzReport:
    operations: int = 0
    calls: int = 0
    failures: list[str] = field(default_factory=list)


def examples_per_operation(default: int) -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", default))


def fuzz(
    base: str,
    headers: Mapping[str, str],
    real: Mapping[str, str],
    *,
    prefix: str = "/v1/",
    examples: int = 25,
) -> FuzzReport:
    """Fuzz every operation under `prefix`; the report has one line per failed check.

    Synchronous (schemathesis calls over `requests`): run it in a thread beside the server.
    Three cases in four use the `real` path parameters, so fuzzing reaches past the 404s.
    """
    document = httpx.get(f"{base}/openapi.json", timeout=10).json()
    results = list(schemathesis.openapi.from_dict(document).get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    report = FuzzReport()
    if len(operations) != len(results):
        report.failures.append("the OpenAPI document has an invalid operation")
    for operation in operations:
        if not operation.path.startswith(prefix):
            continue
        report.operations += 1

        @given(case=operation.as_strategy(), use_real=st.sampled_from([True, True, True, False]))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any, use_real: bool) -> None:
            if use_real and case.path_parameters:
                case.path_parameters = {
                    name: real.get(name, value) for name, value in case.path_parameters.items()
                }
            response = case.call(base_url=base, headers=dict(headers), timeout=30)
            report.calls += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:  # every check's failure, named and kept
                report.failures.append(f"{case.method} {case.formatted_path}: {failure}"[:600])

        check()
    return report
