"""Render auth.conf (NATS `authorization` block) from grants.yaml.

python deploy/nats/render.py          # rewrite auth.conf
python deploy/nats/render.py --check  # exit 1 when auth.conf is stale
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
STREAMS = ("PRIZE", "PRIZE_DEADLETTER")

HEADER = """\
# GENERATED from grants.yaml by render.py: edit those, not this file.
# One NATS user per service plus the staff CLI, each allowed only its own subjects.
# Loaded by compose.yaml (mounted next to nats-server.conf) and by Kubernetes (ConfigMap
# nats-config, generated from this file by deploy/nats/kustomization.yaml).
# Passwords are never written here: nats-server resolves $INTAKE_NATS_PASSWORD & co. from
# its own environment (compose: .env; Kubernetes: Secret cityprize-nats-users).
"""


def consumer_grants(stream: str, durable: str) -> list[str]:
    # What nats-py does for a durable pull consumer: look it up, create it (the API subject
    # ends with its filter subject), fetch, acknowledge. Nothing else: no delete, no other name.
    api = "$JS.API.CONSUMER"
    return [
        f"{api}.INFO.{stream}.{durable}",
        f"{api}.CREATE.{stream}.{durable}.>",
        f"{api}.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",
    ]


def bucket_grants(bucket: str) -> list[str]:
    stream = f"KV_{bucket}"
    api = "$JS.API"
    return [
        f"$KV.{bucket}.>",
        f"{api}.STREAM.INFO.{stream}",
        f"{api}.STREAM.CREATE.{stream}",
        f"{api}.STREAM.MSG.GET.{stream}",
        # Watches and key listings run ephemeral ordered consumers on the bucket's own stream;
        # a long watch may get flow-control requests, answered on `$JS.FC`.
        f"{api}.CONSUMER.CREATE.{stream}",
        f"{api}.CONSUMER.INFO.{stream}.*",
        f"$JS.FC.{stream}.>",
    ]


def service_publish(grants: dict[str, Any]) -> list[str]:
    subjects = [*grants["publishes"], "deadletter.prize.>", *grants["requests"]]
    for stream in STREAMS:
        subjects += [f"$JS.API.STREAM.INFO.{stream}", f"$JS.API.STREAM.CREATE.{stream}"]
    for durable in grants["consumers"]:
        subjects += consumer_grants("PRIZE", durable)
    for bucket in grants["buckets"]:
        subjects += bucket_grants(bucket)
    return subjects


def user_block(name: str, publish: list[str], subscribe: list[str], answers: bool) -> str:
    def listed(subjects: list[str]) -> str:
        return "".join(f'            "{subject}",\n' for subject in subjects)

    return (
        "    {\n"
        f"      user: {name}\n"
        f"      password: ${name.upper()}_NATS_PASSWORD\n"
        "      permissions: {\n"
        f"        publish: {{\n          allow: [\n{listed(publish)}          ]\n        }}\n"
        f"        subscribe: {{\n          allow: [\n{listed(subscribe)}          ]\n        }}\n"
        + ("        allow_responses: true\n" if answers else "")
        + "      }\n    }\n"
    )


def render(grants: dict[str, Any]) -> str:
    blocks = [
        user_block(
            service,
            service_publish(own),
            ["_INBOX.>", f"cityprize.query.{service}.>", f"cityprize.command.{service}.>"],
            answers=True,
        )
        for service, own in grants["services"].items()
    ]
    staff = grants["staff"]
    blocks.append(user_block("staff", staff["publish"], staff["subscribe"], answers=False))
    return HEADER + "\nauthorization {\n  users = [\n" + "".join(blocks) + "  ]\n}\n"


def main(argv: list[str]) -> int:
    text = render(yaml.safe_load((HERE / "grants.yaml").read_text()))
    target = HERE / "auth.conf"
    if "--check" in argv:
        if target.read_text() != text:
            print(f"{target} is stale: run python deploy/nats/render.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
