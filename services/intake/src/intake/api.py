"""The applicant API (external contract: `BRIEF.md`, "Applicant API")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from contracts.contest import PublicContest
from contracts.queries import SubmissionStatus
from intake.gate import BROKER_ERRORS, Gate, known_contest
from intake.openapi import SubmissionAccepted, submission_body
from intake.openapi_examples import ACCEPTED_EXAMPLE, PUBLIC_CONTEST_EXAMPLE, STATUS_EXAMPLE
from intake.problems import problem, problem_responses
from intake.receiving import Receiving
from intake.status import StatusUnavailableError, ask_archive, local_status
from servicekit.contests import ContestBucket
from servicekit.signin_limits import client_of

KeyHeader = Annotated[str | None, Header(description="`Bearer <API key>`")]
IdempotencyHeader = Annotated[
    str | None, Header(description="Same key and body: the first answer again (IETF draft).")
]
IfMatchHeader = Annotated[
    str | None, Header(description='The version being amended, as its ETag (`"1"`).')
]
COMMON = (401, 403, 404, 429, 503)
UPLOAD = (400, *COMMON, 409, 413, 415, 422)


def build_api(contests: ContestBucket, gate: Gate, receiving: Receiving) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["applicants"])

    @router.get(
        "/contests/{contest_id}",
        summary="The public part of a contest: window, categories, sectors, file rules",
        response_model=PublicContest,
        responses={200: PUBLIC_CONTEST_EXAMPLE, **problem_responses(404, 503)},
    )
    async def get_contest(contest_id: str) -> Any:
        gate.ensure_broker()
        try:
            configured = await known_contest(contests, contest_id)
        except BROKER_ERRORS:
            raise gate.broker_down() from None
        if configured is None:
            raise problem("contest-not-found", contest_id)
        return configured.contest.public_view()

    @router.post(
        "/contests/{contest_id}/submissions",
        summary="Submit an application with its files (multipart, streamed)",
        status_code=201,
        response_model=SubmissionAccepted,
        responses={
            201: {"headers": {"Location": {"schema": {"type": "string"}}}, **ACCEPTED_EXAMPLE},
            **problem_responses(*UPLOAD),
        },
        openapi_extra=submission_body(),
    )
    async def submit_application(
        contest_id: str,
        request: Request,
        authorization: KeyHeader = None,
        idempotency_key: IdempotencyHeader = None,
    ) -> JSONResponse:
        return await receiving.submit(request, contest_id, authorization, idempotency_key)

    @router.put(
        "/contests/{contest_id}/submissions/{submission_id}",
        summary="Amend a submission: a new version while the window is open",
        status_code=201,
        response_model=SubmissionAccepted,
        responses={
            201: {"headers": {"ETag": {"schema": {"type": "string"}}}, **ACCEPTED_EXAMPLE},
            **problem_responses(*UPLOAD),
        },
        openapi_extra=submission_body(),
    )
    async def amend_application(
        contest_id: str,
        submission_id: str,
        request: Request,
        authorization: KeyHeader = None,
        idempotency_key: IdempotencyHeader = None,
        if_match: IfMatchHeader = None,
    ) -> JSONResponse:
        return await receiving.amend(
            request, contest_id, submission_id, authorization, idempotency_key, if_match
        )

    @router.get(
        "/contests/{contest_id}/submissions/{submission_id}",
        summary="A submission's status and history (only the applicant's own)",
        response_model=SubmissionStatus,
        responses={200: STATUS_EXAMPLE, **problem_responses(*COMMON)},
    )
    async def get_submission_status(
        request: Request, contest_id: str, submission_id: str, authorization: KeyHeader = None
    ) -> Any:
        admitted = await gate.admit(contest_id, authorization, client_of(request))
        record = await receiving.owned(admitted, submission_id)
        try:
            answer = await ask_archive(
                gate.broker, record, receiving.settings.status_timeout_seconds
            )
        except StatusUnavailableError as error:
            raise problem(
                "status-unavailable",
                str(error),
                headers={"Retry-After": str(receiving.settings.retry_after_seconds)},
            ) from None
        if isinstance(answer, SubmissionStatus):
            return answer
        if answer.kind == "not-found":  # archive has not caught up with the event yet
            return local_status(record)
        raise problem("submission-not-found", submission_id)

    return router
