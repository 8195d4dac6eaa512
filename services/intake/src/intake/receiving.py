"""POST and PUT of a submission, one path for both: the version asked for, the
Idempotency-Key, the upload (`intake.submissions`), the answer.

An infrastructure fault anywhere answers `503` with `Retry-After` (never a `500`), and
since a version only exists once committed, a `503` means nothing was accepted.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable
from dataclasses import dataclass

from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from intake.answers import accepted_body, accepted_response, check_if_match
from intake.assignments import Assignments
from intake.gate import BROKER_ERRORS, STORAGE_ERRORS, Admitted, Gate
from intake.idempotency import IdempotencyKeys, Remembered
from intake.problems import problem
from intake.settings import IntakeSettings
from intake.submission_repository import SubmissionRecord, SubmissionRecords
from intake.submissions import Accepted, Body, Existing, Submissions
from intake.uploads import Upload
from servicekit.kv import RevisionConflictError
from servicekit.problems import ProblemError

logger = logging.getLogger("intake.receiving")


@dataclass(frozen=True)
class Amending:
    """A PUT: the applicant's submission to amend, and the version If-Match names, if any."""

    submission_id: str
    if_match: str | None = None


class Receiving:
    def __init__(
        self,
        settings: IntakeSettings,
        gate: Gate,
        submissions: Submissions,
        records: SubmissionRecords,
        idempotency: IdempotencyKeys,
        assignments: Assignments,
    ) -> None:
        self.settings, self.gate, self.submissions = settings, gate, submissions
        self.records, self.idempotency, self.assignments = records, idempotency, assignments

    async def owned(self, admitted: Admitted, submission_id: str) -> SubmissionRecord:
        found = await self._existing(admitted, submission_id)
        return found[0]

    async def receive(
        self, admitted: Admitted, body: Body, key: str | None, amending: Amending | None = None
    ) -> JSONResponse:
        """A new version from an applicant already admitted (the API's key, or a signed-in
        page session): version 1 of a new submission, or with `amending` the next version
        of the applicant's own. `201` as `intake.answers.accepted_response`; refusals are
        the applicant API's problems (`intake.problems.CATALOGUE`)."""
        return await self._guarded(self._new_version(admitted, body, key, amending))

    async def _new_version(
        self, admitted: Admitted, body: Body, key: str | None, amending: Amending | None
    ) -> JSONResponse:
        existing = await self._amendable(admitted, amending)
        return await self._once(admitted, body, key, existing)

    async def _guarded(self, work: Awaitable[JSONResponse]) -> JSONResponse:
        """`work`'s answer, its infrastructure faults translated to the problems they are."""
        try:
            return await work
        except ProblemError:
            raise
        except ClientDisconnect:
            raise problem("malformed-request", "the client went away mid-body") from None
        except RevisionConflictError:
            # Many uploads from one city at once keep its cap counter contended; the upload
            # was not committed, so the client may simply try again.
            logger.warning("per-city claim contended")
            raise self.gate.contended() from None
        except BROKER_ERRORS as error:
            logger.warning("broker fault", extra={"error": type(error).__name__})
            raise self.gate.broker_down() from None
        except STORAGE_ERRORS as error:
            logger.warning("storage fault", extra={"error": type(error).__name__})
            raise self.gate.storage_down() from None

    async def _existing(self, admitted: Admitted, submission_id: str) -> Existing:
        try:
            found = await self.records.get(admitted.contest.id, submission_id)
        except BROKER_ERRORS:
            raise self.gate.broker_down() from None
        # Another applicant's submission does not exist for this key.
        if found is None or found[0].applicant_id != admitted.applicant.applicant_id:
            raise problem("submission-not-found", submission_id)
        return found

    async def _amendable(self, admitted: Admitted, amending: Amending | None) -> Existing | None:
        """The submission a new version follows (None for a first one), once the window,
        the judges' assignment and If-Match allow it."""
        if amending is None:
            Gate.open_window(admitted.contest)
            return None
        existing = await self._existing(admitted, amending.submission_id)
        Gate.open_window(admitted.contest)
        await self.assignments.refuse_amendment_under_review(
            admitted.contest, amending.submission_id
        )
        check_if_match(amending.if_match, existing[0].version)
        return existing

    async def _once(
        self, admitted: Admitted, body: Body, key: str | None, existing: Existing | None
    ) -> JSONResponse:
        """The upload, at most once per Idempotency-Key: a key seen before answers as the
        first request did, and is released if this request fails."""
        body_cap = Gate.declared_length(admitted.contest, body.content_length)
        if key is None:
            accepted, _ = await self.submissions.receive(admitted, body, body_cap, existing)
            return accepted_response(accepted, admitted.contest)
        if not 1 <= len(key) <= 255:
            raise problem("idempotency-key-invalid", f"it is {len(key)} characters long")
        memory = IdempotencyKeys.key_of(admitted.applicant.applicant_id, key)
        held = await self.idempotency.claim(memory, body.target)
        if held is not None:
            return await self._replay(held, body, admitted, body_cap)
        try:
            async with self.idempotency.held(memory, body.target):
                accepted, upload = await self.submissions.receive(
                    admitted, body, body_cap, existing
                )
        except BaseException:
            with contextlib.suppress(Exception):
                await self.idempotency.release(memory)
            raise
        await self._remember(memory, body.target, admitted, accepted, upload)
        return accepted_response(accepted, admitted.contest)

    async def _remember(
        self, memory: str, target: str, admitted: Admitted, accepted: Accepted, upload: Upload
    ) -> None:
        response = accepted_response(accepted, admitted.contest)
        answer = Remembered(
            state="done",
            target=target,
            fingerprint=upload.fingerprint(),
            status=response.status_code,
            body=accepted_body(accepted, admitted.contest),
            headers={k: response.headers[k] for k in ("location", "etag")},
        )
        try:
            await self.idempotency.remember(memory, answer)
        except Exception as error:  # accepted already; the key then expires as in-flight
            logger.warning("idempotency answer not kept", extra={"error": type(error).__name__})

    async def _replay(
        self, held: Remembered, body: Body, admitted: Admitted, body_cap: int
    ) -> JSONResponse:
        if held.state == "in-flight":
            raise problem("idempotency-key-in-flight", "retry when the first request has answered")
        fingerprint = await self.submissions.fingerprint(admitted, body, body_cap)
        if held.target != body.target or fingerprint != held.fingerprint:
            raise problem("idempotency-key-reused", "this key was used with another request")
        headers = {**held.headers, "Idempotent-Replayed": "true"}
        return JSONResponse(held.body, status_code=held.status, headers=headers)
