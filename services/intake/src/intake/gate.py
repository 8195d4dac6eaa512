"""Who may send this request, to which contest, now: the checks before any body is read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import urllib3
from faststream.nats import NatsBroker
from minio.error import MinioException
from nats.errors import Error as NatsError
from nats.js.errors import Error as JetStreamError

from contracts.contest import Contest
from contracts.events import ContestConfigured
from intake.applicants import Applicant, ApplicantRegistry
from intake.domain.ratelimit import TokenBuckets
from intake.problems import RETRY_AFTER, problem, unavailable
from servicekit.broker import is_connected
from servicekit.contests import ContestBucket
from servicekit.signin_limits import SignInFailures

# Framing and the form on top of the files; a body over this is refused unread.
MULTIPART_OVERHEAD = 1024 * 1024
BROKER_ERRORS = (NatsError, JetStreamError, TimeoutError, ConnectionError)
STORAGE_ERRORS = (urllib3.exceptions.HTTPError, MinioException, OSError)


SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


async def known_contest(contests: ContestBucket, contest_id: str) -> ContestConfigured | None:
    """None for an unknown id, and for one that is not even a slug (never a KV key)."""
    return await contests.get(contest_id) if SLUG.fullmatch(contest_id) else None


@dataclass(frozen=True)
class Admitted:
    applicant: Applicant
    contest: Contest


class Gate:
    def __init__(
        self,
        broker: NatsBroker,
        applicants: ApplicantRegistry,
        contests: ContestBucket,
        limits: TokenBuckets,
        retry_after: int,
        failures: SignInFailures | None = None,
    ) -> None:
        self.broker, self.applicants, self.contests = broker, applicants, contests
        self.limits, self.retry_after = limits, retry_after
        self.failures = failures or SignInFailures()

    def broker_down(self) -> Exception:
        return unavailable(
            "broker-unavailable", "the message broker is unreachable", self.retry_after
        )

    def storage_down(self) -> Exception:
        return unavailable("storage-unavailable", "object storage is unreachable", self.retry_after)

    def contended(self) -> Exception:
        return unavailable(
            "submission-contended", "the city's submissions are being counted; retry", 1
        )

    def ensure_broker(self) -> None:
        """Refuse at once while disconnected rather than wait for a KV timeout."""
        if not is_connected(self.broker):
            raise self.broker_down()

    async def admit(self, contest_id: str, authorization: str | None, client: str) -> Admitted:
        """`client` is the remote address: failed keys are limited per client."""
        self.failures.check(client)
        self.ensure_broker()
        try:
            applicant = await self.applicants.authenticate(authorization)
            configured = await known_contest(self.contests, contest_id) if applicant else None
        except BROKER_ERRORS:
            raise self.broker_down() from None
        if applicant is None:
            self.failures.failed(client)
            raise problem("invalid-api-key", headers={"WWW-Authenticate": "Bearer"})
        wait = self.limits.take(applicant.key_id)
        if wait:
            retry = TokenBuckets.retry_after(wait)
            raise problem("rate-limited", f"retry in {retry} s", headers={RETRY_AFTER: retry})
        if configured is None:
            raise problem("contest-not-found", contest_id)
        if applicant.contest_id != contest_id:
            raise problem("wrong-contest", f"this key is for {applicant.contest_id}")
        return Admitted(applicant=applicant, contest=configured.contest)

    @staticmethod
    def open_window(contest: Contest, at: datetime | None = None) -> None:
        if not contest.is_open(at or datetime.now(UTC)):
            window = contest.window
            raise problem(
                "window-closed",
                f"submissions are accepted from {window.opens_at.isoformat()} "
                f"until {window.closes_at.isoformat()}",
                opens_at=window.opens_at.isoformat(),
                closes_at=window.closes_at.isoformat(),
            )

    @staticmethod
    def declared_length(contest: Contest, content_length: str | None) -> int:
        """The body cap; a declared length over it is refused before a byte is read."""
        cap = contest.file_rules.max_submission_bytes + MULTIPART_OVERHEAD
        if content_length is not None:
            try:
                declared = int(content_length)
            except ValueError:
                raise problem("malformed-request", "Content-Length is not a number") from None
            if declared > cap:
                raise problem("body-too-large", f"{declared} bytes; at most {cap}", limit=cap)
        return cap
