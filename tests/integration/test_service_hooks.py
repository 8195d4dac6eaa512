"""A service's hooks run around its broker in the documented order (servicekit.service)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from servicekit.broker import is_connected
from servicekit.contests import keep_contests
from servicekit.service import Service, build_app
from servicekit.settings import ServiceSettings
from tests.support.service_apps import running


async def test_hooks_run_connected_then_before_stop_with_the_broker_up_then_stopped(
    nats_url: str,
):
    service = Service.create(ServiceSettings(service_name="hooks", nats_url=nats_url))
    keep_contests(service, "hooks")  # a consumer, as every service has
    seen: list[tuple[str, bool]] = []

    def hook(name: str) -> Callable[[], Awaitable[None]]:
        async def record() -> None:
            seen.append((name, is_connected(service.broker)))

        return record

    service.on_connected.append(hook("connected"))
    service.before_stop.append(hook("before stop"))
    service.on_stopped.append(hook("stopped"))
    app = build_app(service, title="hooks")

    async with running(app):
        assert seen == [("connected", True)]

    assert seen == [
        ("connected", True),  # after the contests' bucket opened: hooks run in order added
        ("before stop", True),
        ("stopped", False),
    ]


async def test_a_service_keeping_contests_opens_its_copy_and_reports_it_ready(nats_url: str):
    service = Service.create(ServiceSettings(service_name="keeper", nats_url=nats_url))
    contests = keep_contests(service, "keeper")
    app = build_app(service, title="keeper")

    async with running(app) as client:
        ready = await client.get("/readyz")
        assert await contests.get("seoul-2027") is None

    assert ready.status_code == 200
    assert "contests" in ready.text
