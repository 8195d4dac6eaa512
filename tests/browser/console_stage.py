"""The stage of the console's browser tests: on the browser tests' shared platform
(`portal_stage.staged`, which starts the console with `console_env`), a contest of the
console's own, configured, with eight applications in, one of them a duplicate the rules
flag for a staff decision. Nothing else is done for the staff: judges, screening,
assignment, finalists and results are left to the console. Judges score as judges do, with
the link in their email (the judge API). Kept out of conftest.py so test modules can import
it by a name no other test folder uses."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import httpx
import yaml

from cityprize import bus
from cityprize.contest_cli import with_window_around_now
from cityprize.demo import applying, judging
from cityprize.demo.data import APPLICANTS, JUDGES
from cityprize.demo.waiting import wait_for
from cityprize.platform import Endpoints
from console.staff import hash_password
from contracts.contest import Contest, load_contest
from contracts.events import ContestConfigured

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
SECRETARIAT = ("secretariat", "console-tests-first-password")
OBSERVER = ("joon", "console-tests-observer-password")
CHOSEN = ("bogota", "nairobi", "lisbon", "tallinn", "montevideo", "accra", "amman")
APPLYING = (
    *[a for a in APPLICANTS if a.key in CHOSEN],
    # The same city's same project again: screening flags it for a staff decision.
    replace(next(a for a in APPLICANTS if a.key == "bogota"), key="bogota-again"),
)
COLUMNS = (
    *("judge_id", "name", "email", "country", "city", "organisation"),
    *("domains", "expertise", "languages", "max_load"),
)


@dataclass
class ConsoleStage:
    endpoints: Endpoints
    contest: Contest
    applied: list[applying.Applied]
    var: Path
    staff_token: str
    committed_at: float = 0.0
    """When staff committed the assignment (Unix time): the judges' emails come after."""

    @property
    def console(self) -> str:
        return self.endpoints.console

    def in_thread(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Playwright's sync API keeps an event loop in this thread: run async work in another."""
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(lambda: asyncio.run(work())).result(timeout=120)

    def judges_score(self) -> int:
        """Every assigned judge scores every assignment, from the link in their email."""
        by_submission = {a.submission_id: a.applicant for a in self.applied}

        async def score() -> int:
            mail = Path(self.endpoints.mail_folder)
            links = await wait_for(
                lambda: _links(mail, self.committed_at), "the judges' emails", timeout=60
            )
            given = 0
            async with httpx.AsyncClient(timeout=60) as http:
                for judge in JUDGES:
                    if judge.judge_id in links:
                        token = judging.token_of(links[judge.judge_id])
                        review = self.endpoints.review
                        scored = await judging.score_assignments(
                            http, review, judge, token, by_submission, self.contest
                        )
                        given += len(scored)
            return given

        return self.in_thread(score)

    def archive(self, path: str) -> Any:
        answer = httpx.get(
            f"{self.endpoints.archive}{path}",
            headers={"Authorization": f"Bearer {self.staff_token}"},
            timeout=30,
        )
        answer.raise_for_status()
        return answer.json()


async def _links(mail: Path, since: float) -> dict[str, str] | None:
    found = judging.links_from_mail(mail, JUDGES, since)
    # The panel is load-balanced: every one of the eight judges gets reviews.
    return found if len(found) == len(JUDGES) else None


def judge_file(bad_line: bool) -> bytes:
    """The demo's judges as staff would keep them in a spreadsheet; `bad_line` spoils line 4's
    address."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for number, profile in enumerate(judging.profiles(JUDGES, {}), start=2):
        email = "not-an-address" if bad_line and number == 4 else str(profile.email)
        row = profile.model_dump()
        row["email"] = email
        lists = ("domains", "expertise", "languages")
        writer.writerow([";".join(row[c]) if c in lists else row[c] for c in COLUMNS])
    return out.getvalue().encode()


async def _play(stage: ConsoleStage) -> None:
    async with bus.connected(stage.endpoints.nats) as client, httpx.AsyncClient(timeout=60) as http:
        configured = ContestConfigured(contest_id=stage.contest.id, contest=stage.contest)
        await bus.publish(client, configured)

        async def intake_knows() -> bool | None:
            answer = await http.get(f"{stage.endpoints.intake}/v1/contests/{stage.contest.id}")
            return True if answer.status_code == 200 else None

        await wait_for(intake_knows, "intake to know the contest")
        for seed, applicant in enumerate(APPLYING, start=1):
            key = await applying.register(client, stage.contest.id, applicant)
            intake = stage.endpoints.intake
            applied = await applying.apply(http, intake, stage.contest.id, key, applicant, seed)
            stage.applied.append(applied)


CONTEST_ID = "console-prize-2027"


def console_env(var: Path) -> dict[str, str]:
    """What the console needs on the browser tests' shared platform (`portal_stage.staged`):
    its first staff member, an observer, and its own contest (the portal's is another)."""
    staff = var.parent / "console-staff.yaml"
    observer = {
        "name": OBSERVER[0],
        "role": "observer",
        "password_hash": hash_password(OBSERVER[1]),
    }
    staff.write_text(yaml.safe_dump({"staff": [observer]}))
    return {
        "CONSOLE_FIRST_PASSWORD": SECRETARIAT[1],
        "CONSOLE_STAFF_FILE": str(staff),
        "CONSOLE_CONTEST_ID": CONTEST_ID,
    }


def staged_console(endpoints: Endpoints, var: Path, staff_token: str) -> ConsoleStage:
    """The console's own contest on the shared platform, applied to, nothing else done."""
    contest_file = ROOT / "contests" / "seoul-smart-city-prize.yaml"
    contest = with_window_around_now(load_contest(contest_file), hours=2)
    mine = contest.model_copy(update={"id": CONTEST_ID})
    stage = ConsoleStage(endpoints, mine, [], var, staff_token)
    stage.in_thread(lambda: _play(stage))
    return stage
