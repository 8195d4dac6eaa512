"""POST and PUT of a submission: admission, Idempotency-Key, the upload, the answer.

An infrastructure fault anywhere answers `503` with `Retry-After` (never a `500`), and
since a version only exists once committed, a `503` means nothing was accepted.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from contracts.contest import Contest
from intake.assignments import Assignments
from intake.gate import BROKER_ERRORS, STORAGE_ERRORS, Admitted, Gate
from intake.idempotency import IdempotencyKeys, Remembered
from intake.problems import problem
from intake.records import SubmissionRecord, SubmissionRecords
from intake.settings import IntakeSettings
from intake.submissions import Accepted, Existing, Submissions
from servicekit.kv import RevisionConflictError
from servicekit.problems import ProblemError
from servicekit.signin_limits import client_of

logger = logging.getLogger("intake.receiving")
Receive = Callable[[], Awaitable[tuple[Accepted, Any]]]


@dataclass(frozen=True)
class Body:
    """A submission body as it arrives: the API's request, or the applicant pages' form
    translated on the fly (`intake.pages.reform`); `target` is "METHOD path" for the
    Idempotency-Key's memory."""

    stream: AsyncIterator[bytes]
    content_type: str
    content_length: str | None
    target: str

    @classmethod
    def of(cls, request: Request) -> Body:
        return cls(
            request.stream(),
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            f"{request.method} {request.url.path}",
        )


def _etag(version: int) -> str:
    return f'"{version}"'


def _if_match_version(if_match: str) -> int | None:
    """The version an If-Match names; None for `*` (any version)."""
    if if_match.strip() == "*":
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise problem("malformed-request", 'If-Match must name a version, e.g. "1"')
    return int(value)


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

    async def _existing(self, admitted: Admitted, submission_id: str) -> Existing:
        try:
            found = await self.records.get(admitted.contest.id, submission_id)
        except BROKER_ERRORS:
            raise self.gate.broker_down() from None
        # Another applicant's submission does not exist for this key.
        if found is None or found[0].applicant_id != admitted.applicant.applicant_id:
            raise problem("submission-not-found", submission_id)
        return found

    async def submit(
        self, request: Request, contest_id: str, authorization: str | None, key: str | None
    ) -> JSONResponse:
        return await self._guarded(self._submit(request, contest_id, authorization, key))

    async def amend(
        self,
        request: Request,
        contest_id: str,
        submission_id: str,
        authorization: str | None,
        key: str | None,
        if_match: str | None,
    ) -> JSONResponse:
        return await self._guarded(
            self._amend(request, contest_id, submission_id, authorization, key, if_match)
        )

    async def _guarded(self, work: Awaitable[JSONResponse]) -> JSONResponse:
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

    async def _submit(
        self, request: Request, contest_id: str, authorization: str | None, key: str | None
    ) -> JSONResponse:
        admitted = await self.gate.admit(contest_id, authorization, client_of(request))
        return await self.submit_as(admitted, Body.of(request), key)

    async def submit_as(self, admitted: Admitted, body: Body, key: str | None) -> JSONResponse:
        """A first version from an applicant already admitted (the API's key, or a signed-in
        page session); the same problems as the API."""
        Gate.open_window(admitted.contest)
        return await self._guarded(self._receive(body, admitted, key, None))

    async def _amend(
        self,
        request: Request,
        contest_id: str,
        submission_id: str,
        authorization: str | None,
        key: str | None,
        if_match: str | None,
    ) -> JSONResponse:
        admitted = await self.gate.admit(contest_id, authorization, client_of(request))
        return await self.amend_as(admitted, submission_id, Body.of(request), key, if_match)

    async def amend_as(
        self,
        admitted: Admitted,
        submission_id: str,
        body: Body,
        key: str | None,
        if_match: str | None,
    ) -> JSONResponse:
        """A new version of the applicant's own submission; the same problems as the API."""
        existing = await self._existing(admitted, submission_id)
        Gate.open_window(admitted.contest)
        await self.assignments.refuse_amendment_under_review(admitted.contest, submission_id)
        current = existing[0].version
        wanted = None if if_match is None else _if_match_version(if_match)
        if wanted is not None and wanted != current:
            raise problem(
                "version-conflict", f"the current version is {current}", current_version=current
            )
        return await self._guarded(self._receive(body, admitted, key, existing))

    async def _receive(
        self, body: Body, admitted: Admitted, key: str | None, existing: Existing | None
    ) -> JSONResponse:
        contest = admitted.contest
        body_cap = Gate.declared_length(contest, body.content_length)
        content_type, target = body.content_type, body.target
        memory = None
        if key is not None:
            if not 1 <= len(key) <= 255:
                raise problem("idempotency-key-invalid", f"it is {len(key)} characters long")
            memory = IdempotencyKeys.key_of(admitted.applicant.applicant_id, key)
            held = await self.idempotency.claim(memory, target)
            if held is not None:
                return await self._replay(held, body, admitted, body_cap)
        lease = (
            self.idempotency.held(memory, target)
            if memory is not None
            else contextlib.nullcontext()
        )
        try:
            async with lease:
                accepted, upload = await self.submissions.receive(
                    contest, admitted.applicant, body.stream, content_type, body_cap, existing
                )
        except BaseException:
            if memory is not None:
                with contextlib.suppress(Exception):
                    await self.idempotency.release(memory)
            raise
        response = self._accepted(contest, accepted)
        if memory is not None:
            answer = Remembered(
                state="done",
                target=target,
                fingerprint=upload.fingerprint(),
                status=response.status_code,
                body=_body(accepted, contest),
                headers={k: response.headers[k] for k in ("location", "etag")},
            )
            try:
                await self.idempotency.remember(memory, answer)
            except Exception as error:  # accepted already; the key then expires as in-flight
                logger.warning("idempotency answer not kept", extra={"error": type(error).__name__})
        return response

    async def _replay(
        self,
        held: Remembered,
        body: Body,
        admitted: Admitted,
        body_cap: int,
    ) -> JSONResponse:
        if held.state == "in-flight":
            raise problem("idempotency-key-in-flight", "retry when the first request has answered")
        same_target = held.target == body.target
        fingerprint = await self.submissions.fingerprint(
            admitted.contest, admitted.applicant, body.stream, body.content_type, body_cap
        )
        if not same_target or fingerprint != held.fingerprint:
            raise problem("idempotency-key-reused", "this key was used with another request")
        headers = {**held.headers, "Idempotent-Replayed": "true"}
        return JSONResponse(held.body, status_code=held.status, headers=headers)

    @staticmethod
    def _accepted(contest: Contest, accepted: Accepted) -> JSONResponse:
        event = accepted.event
        location = f"/v1/contests/{contest.id}/submissions/{event.submission_id}"
        return JSONResponse(
            _body(accepted, contest),
            status_code=201,
            headers={"Location": location, "ETag": _etag(event.version)},
        )


def _body(accepted: Accepted, contest: Contest) -> dict[str, Any]:
    event = accepted.event
    return {
        "contest_id": contest.id,
        "submission_id": event.submission_id,
        "version": event.version,
        "status": "received",
        "received_at": event.occurred_at.isoformat(),
        "files": [
            {"name": f.name, "size": f.size, "sha256": f.sha256, "content_type": f.content_type}
            for f in event.files
        ],
    }
