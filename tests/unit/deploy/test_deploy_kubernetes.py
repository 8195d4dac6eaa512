"""deploy/: every kustomize overlay renders with the project's own kubectl, every object is
valid Kubernetes (1.30 and the newest schemas), and every workload follows the house policy."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml
from kubernetes_validate.utils import latest_version  # type: ignore[import-untyped]

from contracts.subjects import SERVICES, k8s_labels
from servicekit.version import VERSION

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
OVERLAYS = ("dev", "production")
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
SECRET_ENV = ("PASSWORD", "SECRET", "TOKEN", "ACCESS_KEY", "MONGODB_URL", "USERNAME")
Object = dict[str, Any]


def render(overlay: str) -> list[Object]:
    kubectl = Path(sys.executable).parent / "kubectl"
    rendered = subprocess.run(
        [str(kubectl), "kustomize", str(DEPLOY / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    return [doc for doc in yaml.safe_load_all(rendered.stdout) if doc]


RENDERED = {overlay: render(overlay) for overlay in OVERLAYS}
EVERY_OBJECT = [(overlay, obj) for overlay in OVERLAYS for obj in RENDERED[overlay]]


def ident(value: Any) -> str:
    if isinstance(value, tuple):
        return ident(value[1]) if isinstance(value[1], dict) else str(value)
    return f"{value['kind']}/{value['metadata']['name']}" if isinstance(value, dict) else str(value)


def of_kind(overlay: str, *kinds: str) -> list[Object]:
    return [obj for obj in RENDERED[overlay] if obj["kind"] in kinds]


def named(overlay: str, kind: str, name: str) -> Object:
    found = [obj for obj in of_kind(overlay, kind) if obj["metadata"]["name"] == name]
    assert len(found) == 1, f"{overlay}: {kind}/{name}"
    return found[0]


def pod_spec(workload: Object) -> Object:
    template = workload["spec"]["template"]
    if workload["kind"] == "CronJob":
        template = workload["spec"]["jobTemplate"]["spec"]["template"]
    spec: Object = template["spec"]
    return spec


def containers(workload: Object) -> Iterator[Object]:
    spec = pod_spec(workload)
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def env_of(container: Object) -> dict[str, Object]:
    return {item["name"]: item for item in container.get("env", [])}


@pytest.mark.parametrize("version", ["1.30.0", latest_version()])
@pytest.mark.parametrize(("overlay", "obj"), EVERY_OBJECT, ids=ident)
def test_every_rendered_object_is_valid_kubernetes(overlay: str, obj: Object, version: str):
    kubernetes_validate.validate(obj, version, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_workload_is_probed_limited_and_runs_restricted(overlay: str):
    workloads = of_kind(overlay, *WORKLOADS)
    assert workloads
    for workload in workloads:
        where = f"{overlay}: {workload['metadata']['name']}"
        pod = pod_spec(workload)
        assert pod["securityContext"]["runAsNonRoot"] is True, where
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, where
        assert pod.get("automountServiceAccountToken") is False, where
        for container in containers(workload):
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            assert security.get("seccompProfile", {"type": "RuntimeDefault"}) == {
                "type": "RuntimeDefault"
            }, where
            assert security.get("runAsNonRoot", True) is True, where
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(container["resources"][kind]), where
            if workload["kind"] not in ("Job", "CronJob"):
                assert "livenessProbe" in container, where
                assert "readinessProbe" in container, where


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_probed_on_its_health_endpoints_as_its_own_nats_user(
    overlay: str, service: str
):
    deployment = named(overlay, "Deployment", f"cityprize-{service}")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    env = env_of(container)
    assert env["NATS_USER"]["value"] == service
    assert env["NATS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "cityprize-nats-users",
        "key": service,
    }
    assert [port["name"] for port in container["ports"]] == ["http", "metrics"]
    assert env["HTTP_PORT"]["value"] == str(container["ports"][0]["containerPort"])


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_prometheus_scrapes_each_service_on_its_metrics_port_not_the_api_port(
    overlay: str, service: str
):
    deployment = named(overlay, "Deployment", f"cityprize-{service}")
    template = deployment["spec"]["template"]
    [container] = template["spec"]["containers"]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(ports["metrics"])
    assert ports["metrics"] != ports["http"]
    assert env_of(container)["METRICS_PORT"]["value"] == str(ports["metrics"])
    service_ports = named(overlay, "Service", f"cityprize-{service}")["spec"]["ports"]
    assert {"name": "metrics", "port": ports["metrics"], "targetPort": "metrics"} in service_ports


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_service_carries_the_standard_labels_and_has_a_disruption_budget(
    overlay: str, service: str
):
    labels = k8s_labels(service)
    objects = [
        obj for obj in RENDERED[overlay] if obj["metadata"]["name"] == f"cityprize-{service}"
    ]
    assert {obj["kind"] for obj in objects} >= {
        "Deployment",
        "Service",
        "ServiceAccount",
        "PodDisruptionBudget",
    }
    for obj in objects:
        assert labels.items() <= obj["metadata"]["labels"].items(), obj["kind"]
    deployment = named(overlay, "Deployment", f"cityprize-{service}")
    assert labels.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    budget = named(overlay, "PodDisruptionBudget", f"cityprize-{service}")
    assert budget["spec"]["selector"] == deployment["spec"]["selector"]


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_service_and_its_pods_carry_the_workspace_version_outside_every_selector(
    overlay: str, service: str
):
    version = {"app.kubernetes.io/version": VERSION}
    for kind in ("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget"):
        labels = named(overlay, kind, f"cityprize-{service}")["metadata"]["labels"]
        assert version.items() <= labels.items(), kind
    deployment = named(overlay, "Deployment", f"cityprize-{service}")
    assert version.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    # A selector is immutable: with the version in it, no upgrade could be applied.
    assert "app.kubernetes.io/version" not in deployment["spec"]["selector"]["matchLabels"]
    service_object = named(overlay, "Service", f"cityprize-{service}")
    assert "app.kubernetes.io/version" not in service_object["spec"]["selector"]


@pytest.mark.parametrize("service", SERVICES)
def test_production_runs_the_image_of_the_workspace_version(service: str):
    deployment = named("production", "Deployment", f"cityprize-{service}")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    assert container["image"] == f"ghcr.io/cityprize/cityprize-{service}:{VERSION}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_part_of_cityprize(overlay: str):
    for obj in RENDERED[overlay]:
        labels = obj["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "cityprize", ident(obj)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_secrets_are_referenced_never_written(overlay: str):
    assert of_kind(overlay, "Secret") == []
    for workload in of_kind(overlay, *WORKLOADS):
        for container in containers(workload):
            for name, item in env_of(container).items():
                if any(marker in name for marker in SECRET_ENV):
                    assert "secretKeyRef" in item.get("valueFrom", {}), (
                        f"{name} in {ident(workload)}"
                    )
    for config in of_kind(overlay, "ConfigMap"):
        for key in config.get("data", {}):
            assert not any(marker in key.upper() for marker in SECRET_ENV), key
    for kustomization in DEPLOY.rglob("kustomization.yaml"):
        assert "secretGenerator" not in kustomization.read_text(), kustomization


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_nats_config_map_is_the_shared_permission_file_verbatim(overlay: str):
    data = named(overlay, "ConfigMap", "nats-config")["data"]
    assert data["auth.conf"] == (DEPLOY / "nats" / "auth.conf").read_text()
    assert data["nats-server.conf"] == (DEPLOY / "nats" / "nats-server.conf").read_text()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingress_is_denied_unless_a_policy_allows_it(overlay: str):
    deny = named(overlay, "NetworkPolicy", "default-deny-ingress")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"]}


def test_production_replicates_streams_and_services_and_speaks_tls_to_nats():
    config = next(
        obj["data"]
        for obj in of_kind("production", "ConfigMap")
        if obj["metadata"]["name"].startswith("cityprize-config")
    )
    assert config["STREAM_REPLICAS"] == "3"
    assert config["NATS_URL"].startswith("tls://")
    for service in SERVICES:
        deployment = named("production", "Deployment", f"cityprize-{service}")
        assert deployment["spec"]["replicas"] >= 2
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert "SSL_CERT_FILE" in env_of(container)
    scaled = {
        hpa["spec"]["scaleTargetRef"]["name"]
        for hpa in of_kind("production", "HorizontalPodAutoscaler")
    }
    assert scaled == {"cityprize-review", "cityprize-notify", "cityprize-archive"}
    assert of_kind("production", "StatefulSet") == [], "NATS and MongoDB come from deploy/infra"


def test_the_nats_helm_values_run_three_tls_nodes_that_fsync_every_write():
    values = yaml.safe_load((DEPLOY / "infra" / "nats-values.yaml").read_text())
    config = values["config"]
    assert config["cluster"] == {**config["cluster"], "enabled": True, "replicas": 3}
    assert config["nats"]["tls"]["enabled"] is True
    assert config["jetstream"]["enabled"] is True
    assert config["jetstream"]["merge"]["sync_interval"] == "always"
    assert config["merge"]["$include"] == "../cityprize-nats/auth.conf"
    [mount] = values["container"]["patch"]
    assert mount["value"]["mountPath"] == "/etc/cityprize-nats"
    users = {f"{user.upper()}_NATS_PASSWORD" for user in (*SERVICES, "console", "staff")}
    assert set(values["container"]["env"]) == users
