"""The whole platform on this machine: real servers on loopback plus the four services and
the staff console, each as its own process. Used by `cityprize up`, `cityprize demo` and the
end-to-end tests."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cityprize.trace_ui import TraceUi
from contracts.subjects import SERVICES
from servicekit.embedded import (
    LOOPBACK,
    ManagedProcess,
    MongoServer,
    NatsServer,
    S3Server,
    free_port,
    http_status,
    port_accepts,
)

Progress = Callable[[str], None]
SERVICE_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class External:
    """Endpoints to connect to instead of starting the embedded servers."""

    nats_url: str | None = None
    s3_endpoint: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    mongodb_url: str | None = None

    @classmethod
    def mongodb_from_environment(cls) -> External:
        """Everything embedded but MongoDB, which is `MONGODB_URL` when that is set."""
        return cls(mongodb_url=os.environ.get("MONGODB_URL") or None)


@dataclass(frozen=True)
class Endpoints:
    """What `cityprize up` serves; written to `var/endpoints.json` without any secret."""

    intake: str
    review: str
    notify: str
    archive: str
    nats: str
    s3: str
    smtp: str
    mail_folder: str
    traces_folder: str
    mongodb: str
    judge_portal: str = ""
    console: str = ""
    """The staff console (`/console/`)."""
    traces_ui: str = ""
    """The trace UI's address with `--traces`; empty when spans go to the files only."""

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, path: Path) -> Endpoints:
        return cls(**json.loads(path.read_text()))


@dataclass
class EmbeddedPlatform:
    var: Path
    external: External = field(default_factory=External)
    service_env: dict[str, str] = field(default_factory=dict)
    traces: bool = False
    """Also start the trace UI and send every span there (`cityprize up --traces`)."""
    nats: NatsServer | None = None
    s3: S3Server | None = None
    smtp: ManagedProcess | None = None
    mongo: MongoServer | None = None
    trace_ui: TraceUi | None = None
    services: dict[str, ManagedProcess] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def run_dir(self) -> Path:
        return self.var / "run"

    @property
    def judge_portal(self) -> str:
        """The portal as it is served here: the base of every emailed sign-in link."""
        return f"http://{LOOPBACK}:{self.ports['review']}/judge/"

    def start(self, progress: Progress = lambda _: None) -> Endpoints:
        try:
            return self._start(progress)
        except BaseException:
            self.stop()
            raise

    def _start(self, progress: Progress) -> Endpoints:
        for folder in ("run", "logs", "mail", "traces"):
            (self.var / folder).mkdir(parents=True, exist_ok=True)
        env = self._infrastructure(progress)
        for name in SERVICES:
            self.ports[name] = free_port()
            self.services[name] = self._start_service(name, env, progress)
        # The console asks the services, so it starts last; it reads archive's staff API.
        self.ports["console"] = free_port()
        archive = f"http://{LOOPBACK}:{self.ports['archive']}"
        console_env = {**env, "CONSOLE_ARCHIVE_URL": archive}
        if self.trace_ui is not None:
            console_env["CONSOLE_TRACE_URL"] = self.trace_ui.url
        self.services["console"] = self._start_service("console", console_env, progress)
        endpoints = Endpoints(
            **{name: f"http://{LOOPBACK}:{self.ports[name]}" for name in SERVICES},
            nats=env["NATS_URL"],
            s3=env["S3_ENDPOINT"],
            smtp=f"{env['SMTP_HOST']}:{env['SMTP_PORT']}",
            mail_folder=str(self.var / "mail"),
            traces_folder=str(self.var / "traces"),
            mongodb=_without_credentials(env["MONGODB_URL"]),
            judge_portal=self.judge_portal,
            console=f"http://{LOOPBACK}:{self.ports['console']}/console/",
            traces_ui=self.trace_ui.url if self.trace_ui else "",
        )
        endpoints.write(self.var / "endpoints.json")
        return endpoints

    def _infrastructure(self, progress: Progress) -> dict[str, str]:
        ext = self.external
        if ext.nats_url is None:
            progress("starting nats-server with JetStream")
            self.nats = NatsServer(self.run_dir / "nats").start()
        if ext.s3_endpoint is None:
            progress("starting the S3 server (SeaweedFS)")
            self.s3 = S3Server(self.run_dir / "s3").start()
        if ext.mongodb_url is None:
            progress("starting the MongoDB-wire server (SecantusDB)")
            self.mongo = MongoServer(self.run_dir / "mongodb").start()
        tracing = {}
        if self.traces:
            progress("starting the trace UI (Phoenix)")
            self.trace_ui = TraceUi(self.run_dir / "traceui").start()
            tracing = {"OTEL_EXPORTER_OTLP_ENDPOINT": self.trace_ui.otlp_endpoint}
        smtp_port = ext.smtp_port or free_port()
        if ext.smtp_host is None:
            progress("starting the SMTP catcher")
            self.smtp = ManagedProcess(
                "smtp",
                [
                    sys.executable,
                    "-m",
                    "servicekit.embedded.smtp",
                    "--port",
                    str(smtp_port),
                    "--maildir",
                    str(self.var / "mail"),
                ],
                self.run_dir,
            )
            self.smtp.start(lambda: port_accepts(LOOPBACK, smtp_port), timeout=20)
        return {
            "NATS_URL": ext.nats_url or (self.nats.url if self.nats else ""),
            "S3_ENDPOINT": ext.s3_endpoint or (self.s3.endpoint if self.s3 else ""),
            "S3_ACCESS_KEY": ext.s3_access_key or (self.s3.access_key if self.s3 else ""),
            "S3_SECRET_KEY": ext.s3_secret_key or (self.s3.secret_key if self.s3 else ""),
            "SMTP_HOST": ext.smtp_host or LOOPBACK,
            "SMTP_PORT": str(smtp_port),
            "MONGODB_URL": ext.mongodb_url or (self.mongo.url if self.mongo else ""),
            **tracing,
        }

    def _start_service(self, name: str, env: dict[str, str], progress: Progress) -> ManagedProcess:
        progress(f"starting {name}")
        port = self.ports[name]
        process_env = {
            **os.environ,
            **env,
            "CITYPRIZE_TRACES_FILE": str(self.var / "traces" / f"{name}.jsonl"),
            **({"PORTAL_BASE_URL": self.judge_portal.rstrip("/")} if name == "review" else {}),
            **self.service_env,  # a caller may switch the traces file off ("") or move it
            "HTTP_HOST": LOOPBACK,
            "HTTP_PORT": str(port),
        }
        process = ManagedProcess(name, [sys.executable, "-m", name], self.var / "logs", process_env)
        process.start(
            lambda: http_status(f"http://{LOOPBACK}:{port}/readyz") == 200,
            timeout=SERVICE_START_TIMEOUT,
        )
        return process

    def stop(self) -> None:
        """Services first (they finish in-flight messages), then the servers under them."""
        for process in reversed(list(self.services.values())):
            process.stop(timeout=20)
        if self.smtp is not None:
            self.smtp.stop()
        if self.mongo is not None:
            self.mongo.stop()
        if self.s3 is not None:
            self.s3.stop()
        if self.nats is not None:
            self.nats.stop()
        if self.trace_ui is not None:
            self.trace_ui.stop()

    def __enter__(self) -> EmbeddedPlatform:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _without_credentials(url: str) -> str:
    """`mongodb://user:secret@host/...` as `mongodb://host/...`: endpoints.json is not secret."""
    scheme, sep, rest = url.partition("://")
    authority, slash, tail = rest.partition("/")
    return f"{scheme}{sep}{authority.rpartition('@')[2]}{slash}{tail}"
