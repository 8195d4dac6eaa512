"""Pytest plugin (registered in tests/conftest.py): real NATS, S3, SMTP and MongoDB-wire
servers on loopback.

A server that cannot start raises in its fixture, so the test ERRORs with the reason; a
missing server is never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase

from servicekit.embedded import (
    MongoServer,
    NatsCluster,
    NatsServer,
    S3Server,
    SmtpCatcher,
    kill_live_processes,
    live_processes,
    reap_on_sigterm,
)

Document = dict[str, Any]


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A fresh single-node JetStream server per test (it starts in a few tens of ms)."""
    with NatsServer(tmp_path / "nats") as server:
        yield server


@pytest.fixture
def nats_url(nats_server: NatsServer) -> str:
    return nats_server.url


@pytest.fixture
def nats_cluster(tmp_path: Path) -> Iterator[NatsCluster]:
    """Three routed JetStream nodes with an elected meta leader."""
    with NatsCluster(tmp_path / "nats-cluster", size=3) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One S3 server for the session (about a second to start); tests isolate by bucket."""
    with S3Server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server: S3Server) -> Iterator[str]:
    """A fresh, uniquely named, empty bucket on the session's S3 server."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    client = s3_server.client()
    client.make_bucket(name)
    yield name
    if s3_server.process.running:
        # weed mini deletes non-empty buckets (-s3.allowDeleteBucketNotEmpty defaults on).
        client.remove_bucket(name)


@pytest.fixture
def smtp_catcher(tmp_path: Path) -> Iterator[SmtpCatcher]:
    with SmtpCatcher(tmp_path / "mail") as catcher:
        yield catcher


@pytest.fixture(scope="session")
def mongo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`MONGODB_URL` when set (a real MongoDB), else SecantusDB started for the session."""
    given = os.environ.get("MONGODB_URL")
    if given:
        yield given
        return
    with MongoServer(tmp_path_factory.mktemp("mongodb")) as server:
        yield server.url


@pytest.fixture
def mongo_client(mongo_url: str) -> Iterator[AsyncIOMotorClient[Document]]:
    """A client of the session's MongoDB-wire server; tests isolate by database name."""
    client: AsyncIOMotorClient[Document] = AsyncIOMotorClient(mongo_url, tz_aware=True)
    yield client
    client.close()


@pytest.fixture
async def mongo_db(
    mongo_client: AsyncIOMotorClient[Document],
) -> AsyncIterator[AsyncIOMotorDatabase[Document]]:
    """A database with a fresh name per test, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    yield mongo_client[name]
    await mongo_client.drop_database(name)


def pytest_configure(config: pytest.Config) -> None:
    """A test run stopped by SIGTERM (a CI time-out) takes its servers with it."""
    reap_on_sigterm()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if a server started by these fixtures outlived its test."""
    leftovers = live_processes()
    if not leftovers:
        return
    kill_live_processes()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = (
        f"servers started by the test fixtures were still running at session end: "
        f"pids {leftovers} (now killed); a fixture or test forgot to stop them"
    )
    if reporter is not None:
        reporter.write("\n")
        reporter.write_sep("!", "LEAKED SERVER PROCESSES", red=True, bold=True)
        reporter.write_line(message, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
