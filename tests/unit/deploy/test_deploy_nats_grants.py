"""The NATS permission file: generated from grants.yaml, least privilege, and in step with
the consumers and responders each service's code declares."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi import FastAPI

from contracts.subjects import SERVICES, Subject
from servicekit.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
NATS = ROOT / "deploy" / "nats"
GRANTS: dict[str, Any] = yaml.safe_load((NATS / "grants.yaml").read_text())
AUTH = (NATS / "auth.conf").read_text()

# Who publishes which domain event (docs/architecture.md): everyone else is refused.
PUBLISHER = {
    Subject.CONTEST_CONFIGURED: "staff",
    Subject.APPLICANT_REGISTERED: "intake",
    Subject.SUBMISSION_RECEIVED: "intake",
    Subject.SUBMISSION_AMENDED: "intake",
    Subject.NOTIFICATION_SENT: "notify",
    Subject.NOTIFICATION_FAILED: "notify",
}


def allowed(user: str, direction: str) -> list[str]:
    """The allow list of one user's `publish` or `subscribe` block in auth.conf."""
    block = re.search(rf"user: {user}\n(.*?)\n    }}", AUTH, re.S)
    assert block, f"no user {user} in auth.conf"
    grants = re.search(rf"{direction}: {{\s*allow: \[(.*?)\]", block.group(1), re.S)
    assert grants, f"{user} has no {direction} list"
    return re.findall(r'"([^"]+)"', grants.group(1))


def matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` is one whole token, `>` the rest."""
    want, have = pattern.split("."), subject.split(".")
    for i, token in enumerate(want):
        if token == ">":
            return len(have) > i
        if i >= len(have) or token not in ("*", have[i]):
            return False
    return len(want) == len(have)


def may_publish(user: str, subject: str) -> bool:
    return any(matches(pattern, subject) for pattern in allowed(user, "publish"))


def built_app(service: str) -> FastAPI:
    settings_module = importlib.import_module(f"{service}.settings")
    settings_class = next(
        value
        for value in vars(settings_module).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == f"{service}.settings"  # its own, not a base it imports
    )
    app: FastAPI = importlib.import_module(f"{service}.main").create_app(settings_class())
    return app


def declared(service: str) -> tuple[set[str], set[str]]:
    """The durable consumers and the core (request-reply) subjects the service's app declares."""
    durables: set[str] = set()
    responders: set[str] = set()
    for subscriber in built_app(service).state.service.broker.subscribers:
        durable = getattr(subscriber, "extra_options", {}).get("durable")
        if durable:
            durables.add(durable)
        elif getattr(subscriber, "stream", None) is None:
            responders.add(str(subscriber.subject.broker_address))
    return durables, responders


def test_auth_conf_is_rendered_from_grants_yaml():
    check = subprocess.run(
        [sys.executable, str(NATS / "render.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("subject", list(Subject))
def test_each_domain_event_can_be_published_by_its_owner_alone(subject: Subject):
    owner = PUBLISHER.get(subject, "review")
    publishers = [user for user in (*SERVICES, "staff") if may_publish(user, subject)]
    assert publishers == [owner]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_granted_exactly_the_consumers_its_code_declares(service: str):
    durables, _ = declared(service)
    granted = set(GRANTS["services"][service]["consumers"])
    assert durables - granted == set(), "add these to deploy/nats/grants.yaml and render"
    assert granted - durables == set(), "granted but no longer declared: remove them"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_answers_only_under_its_own_query_and_command_subjects(service: str):
    _, responders = declared(service)
    subscribe = allowed(service, "subscribe")
    for subject in responders:
        assert subject.startswith((f"cityprize.query.{service}.", f"cityprize.command.{service}."))
        assert any(matches(pattern, subject) for pattern in subscribe)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_owns_every_consumer_and_bucket_it_is_granted(service: str):
    own = GRANTS["services"][service]
    for name in (*own["consumers"], *own["buckets"]):
        assert name.startswith(f"{service}-")
    for pattern in allowed(service, "publish"):
        if pattern.startswith(("$KV.", "$JS.API.STREAM.CREATE.KV_", "$JS.API.CONSUMER.")):
            assert f"{service}-" in pattern, pattern


@pytest.mark.parametrize("user", [*SERVICES, "staff"])
def test_no_user_holds_a_blanket_grant(user: str):
    blanket = {">", "prize.>", "$JS.API.>", "$JS.>", "$KV.>", "cityprize.>", "deadletter.>"}
    assert blanket.isdisjoint(allowed(user, "publish"))
    assert blanket.isdisjoint(allowed(user, "subscribe"))
    assert f"password: ${user.upper()}_NATS_PASSWORD" in AUTH
