"""An SMTP server on loopback that catches every message, with failures on demand."""

from __future__ import annotations

import argparse
import email
import email.policy
import itertools
import signal
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from types import FrameType
from typing import Any, Literal

from aiosmtpd.controller import Controller

from servicekit.embedded.lifecycle import Lifecycle
from servicekit.embedded.ports import LOOPBACK, free_port

Stage = Literal["DATA", "RCPT"]


@dataclass(frozen=True)
class CaughtMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    message: EmailMessage
    path: Path | None
    peer: str
    """The client's address and port: messages sent over one connection share it."""


class SmtpCatcher(Lifecycle):
    """Accepts mail on `host:port`, keeps it in `messages` and as `.eml` files in `maildir`.

    `keep=False` (the standalone catcher, `main`) writes each message to `maildir` and holds
    none in memory: a catcher running for hours under `cityprize up` or a benchmark would
    otherwise hold every email it ever caught, parsed, and each of its full garbage
    collections would walk them all while a sender waits (a stall that grew with every email:
    docs/benchmarks.md, 2026-11-30). `messages` is then empty; `wait_for` still counts.
    """

    def __init__(
        self, maildir: Path | None = None, *, port: int | None = None, keep: bool = True
    ) -> None:
        if not keep and maildir is None:
            raise ValueError("a catcher that keeps nothing in memory needs a maildir")
        self.host = LOOPBACK
        self.port = port or free_port()
        self.maildir = maildir
        self.keep = keep
        self._caught = 0
        self._messages: list[CaughtMessage] = []
        self._failures: dict[Stage, list[str]] = {"DATA": [], "RCPT": []}
        self._changed = threading.Condition()
        self._sequence = itertools.count(1)
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[CaughtMessage]:
        with self._changed:
            return list(self._messages)

    def fail_next(self, code: int, text: str, times: int = 1, *, at: Stage = "DATA") -> None:
        """Answer the next `times` DATA (or RCPT) commands with `code text` instead of 250."""
        with self._changed:
            self._failures[at].extend([f"{code} {text}"] * times)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[CaughtMessage]:
        """Block until at least `count` messages arrived; TimeoutError otherwise."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._caught >= count, timeout):
                raise TimeoutError(
                    f"timed out after {timeout:g}s waiting for {count} message(s), "
                    f"caught {self._caught}"
                )
            return list(self._messages)

    def start(self) -> SmtpCatcher:
        if self.maildir is not None:
            self.maildir.mkdir(parents=True, exist_ok=True)
        if self._controller is None:
            # A Controller's loop is closed once stopped, so each start gets a fresh one:
            # that is what lets a test take the mail server down and bring it back.
            self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _take_failure(self, stage: Stage) -> str | None:
        with self._changed:
            pending = self._failures[stage]
            return pending.pop(0) if pending else None

    def _catch(self, mail_from: str, rcpt_tos: list[str], raw: bytes, peer: str) -> None:
        number = next(self._sequence)
        path = None
        if self.maildir is not None:
            path = self.maildir / f"{time.strftime('%Y%m%dT%H%M%S')}-{number:05d}.eml"
            # Written aside then renamed, so a folder watcher never reads half a message.
            partial = path.with_suffix(".part")
            partial.write_bytes(raw)
            partial.replace(path)
        caught = None
        if self.keep:
            message = email.message_from_bytes(
                raw, _class=EmailMessage, policy=email.policy.default
            )
            caught = CaughtMessage(mail_from, tuple(rcpt_tos), raw, message, path, peer)
        with self._changed:
            self._caught += 1
            if caught is not None:
                self._messages.append(caught)
            self._changed.notify_all()


class _Handler:
    """aiosmtpd calls these on its own event-loop thread."""

    def __init__(self, catcher: SmtpCatcher) -> None:
        self._catcher = catcher

    async def handle_RCPT(  # noqa: N802 - the name aiosmtpd looks up
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        failure = self._catcher._take_failure("RCPT")
        if failure is not None:
            return failure
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        failure = self._catcher._take_failure("DATA")
        if failure is not None:
            return failure
        raw = envelope.original_content or envelope.content
        raw = raw if isinstance(raw, bytes) else str(raw).encode()
        peer = ":".join(str(part) for part in session.peer[:2])
        self._catcher._catch(str(envelope.mail_from), list(envelope.rcpt_tos), raw, peer)
        return "250 Message accepted for delivery"


def standalone(argv: list[str] | None = None) -> SmtpCatcher:
    """The catcher `main` runs: mail to `--maildir` only, nothing kept in memory."""
    parser = argparse.ArgumentParser(prog="python -m servicekit.embedded.smtp")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", type=Path, required=True)
    args = parser.parse_args(argv)
    return SmtpCatcher(args.maildir, port=args.port, keep=False)


def main(argv: list[str] | None = None) -> None:
    """Run a catcher until SIGTERM or SIGINT: the embedded runner's SMTP server."""
    catcher = standalone(argv)
    stopping = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    with catcher:
        where = f"{catcher.host}:{catcher.port}"
        print(f"smtp catcher on {where}, mail in {catcher.maildir}", flush=True)
        stopping.wait()


if __name__ == "__main__":
    main()
