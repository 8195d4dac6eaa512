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
from intake.receiving import Amending, Receiving
from intake.status import StatusUnavailableError, ask_archive, local_status
from intake.submissions import Body
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
    _contest_route(router, contests, gate)
    _upload_routes(router, gate, receiving)
    _status_route(router, gate, receiving)
    return router


def _upload(header: str) -> dict[str, Any]:
    """What POST and PUT share in OpenAPI: a `201` with `header`, the streamed body."""
    return {
        "status_code": 201,
        "response_model": SubmissionAccepted,
        "responses": {
            201: {"headers": {header: {"schema": {"type": "string"}}}, **ACCEPTED_EXAMPLE},
            **problem_responses(*UPLOAD),
        },
        "openapi_extra": submission_body(),
    }


def _contest_route(router: APIRouter, contests: ContestBucket, gate: Gate) -> None:
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


def _upload_routes(router: APIRouter, gate: Gate, receiving: Receiving) -> None:
    @router.post(
        "/contests/{contest_id}/submissions",
        summary="Submit an application with its files (multipart, streamed)",
        **_upload("Location"),
    )
    async def submit_application(
        contest_id: str,
        request: Request,
        authorization: KeyHeader = None,
        idempotency_key: IdempotencyHeader = None,
    ) -> JSONResponse:
        admitted = await gate.admit(contest_id, authorization, client_of(request))
        return await receiving.receive(admitted, Body.of(request), idempotency_key)

    @router.put(
        "/contests/{contest_id}/submissions/{submission_id}",
        summary="Amend a submission: a new version while the window is open",
        **_upload("ETag"),
    )
    async def amend_application(
        contest_id: str,
        submission_id: str,
        request: Request,
        authorization: KeyHeader = None,
        idempotency_key: IdempotencyHeader = None,
        if_match: IfMatchHeader = None,
    ) -> JSONResponse:
        admitted = await gate.admit(contest_id, authorization, client_of(request))
        amending = Amending(submission_id, if_match)
        return await receiving.receive(admitted, Body.of(request), idempotency_key, amending)


def _status_route(router: APIRouter, gate: Gate, receiving: Receiving) -> None:
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
