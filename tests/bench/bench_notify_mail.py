"""Notify's Python cost of one email: render the templates, write the email as sent.

    python -m tests.bench notify_mail    # or `make bench`; figures in var/bench/notify_mail.json

In one process, no I/O: 400 receipts (half English, half Korean, every one to another
applicant) are rendered and written by notify (`Renderer` + `notify.domain.wire.compose`),
then the same 400 built with the standard library's `email` package and flattened (what
notify did until issue 22, kept as `tests.support.notify.stdlib_compose`), alternately, five
rounds; the fastest round of each counts. Target: notify's writing at most a quarter of the
standard library's time (issue 22, "MIME built once per template").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from notify.domain.greeting import greeting
from notify.domain.mail import Recipient, Rendered
from notify.domain.wire import compose
from notify.templates import Renderer
from tests.bench.figures import Figure
from tests.support.notify import stdlib_compose

EMAILS, ROUNDS = 400, 5
SENDER, ID, KIND = "Cityprize <no-reply@cityprize.example>", "<m-1@notify.example>", "receipt"
DATE = datetime(2027, 3, 1, tzinfo=UTC)


def _emails(renderer: Renderer) -> list[tuple[Rendered, Recipient]]:
    made = []
    for n in range(EMAILS):
        korean = n % 2 == 1
        name = f"김서울 {n}" if korean else f"Ana Lima {n}"
        context = {
            "contest_name": "Seoul Smart City Prize 2027",
            "recipient_name": name,
            "greeting": greeting("city_government", name, organisation="", city="Seoul"),
            "title": f"한강 공원 스마트 조명 {n}" if korean else f"Smart buses for everyone {n}",
            "submission_id": f"sub-{n}",
            "version": 1,
            "amended": False,
            "file_count": 2,
        }
        language = "ko" if korean else "en"
        rendered = renderer.render("seoul-smart-city-prize-2027", language, "receipt", context)
        made.append((rendered, Recipient(f"app-{n}", name, f"city-{n}@example.org", language)))
    return made


def _seconds(
    write: Callable[[Rendered, Recipient], bytes], emails: list[tuple[Rendered, Recipient]]
) -> float:
    started = time.perf_counter()
    for rendered, recipient in emails:
        write(rendered, recipient)
    return time.perf_counter() - started


def run() -> list[Figure]:
    renderer = Renderer()
    emails = _emails(renderer)

    def ours(rendered: Rendered, recipient: Recipient) -> bytes:
        return compose(rendered, recipient, sender=SENDER, message_id=ID, date=DATE, template=KIND)

    def stdlib(rendered: Rendered, recipient: Recipient) -> bytes:
        return stdlib_compose(
            rendered, recipient, sender=SENDER, message_id=ID, date=DATE, template=KIND
        ).as_bytes()

    render_s, ours_s, stdlib_s = [], [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        _emails(renderer)
        render_s.append(time.perf_counter() - started)
        ours_s.append(_seconds(ours, emails))
        stdlib_s.append(_seconds(stdlib, emails))
    per_email = 1e6 / EMAILS
    written, baseline = min(ours_s) * per_email, min(stdlib_s) * per_email
    return [
        Figure(
            "email written (receipt, en and ko)",
            written,
            "µs",
            baseline="the standard library's email package, flattened",
            baseline_value=baseline,
            target="≤ 0.25 × baseline",
            met=written <= 0.25 * baseline,
        ),
        Figure(
            "templates rendered (receipt: subject, text, HTML)", min(render_s) * per_email, "µs"
        ),
    ]
