"""Staff commands over request-reply: thin translators onto the applicant registry."""

from __future__ import annotations

from faststream.nats import NatsBroker, NatsRouter

from contracts.events import ApplicantRegistered
from contracts.intake_commands import (
    APPLICANT_ADD,
    APPLICANT_LIST,
    APPLICANT_REVOKE,
    APPLICANT_ROTATE,
    AddApplicant,
    ApplicantKey,
    ApplicantList,
    ApplicantRevoked,
    ListApplicants,
    RevokeApplicant,
    RotateApplicantKey,
)
from contracts.queries import Refusal
from intake.applicants import Applicant, ApplicantRegistry
from servicekit.broker import publish_event
from servicekit.contests import ContestBucket
from servicekit.replies import RefusedError, responder
from servicekit.settings import ServiceSettings


def command_router(
    settings: ServiceSettings,
    broker: NatsBroker,
    registry: ApplicantRegistry,
    contests: ContestBucket,
) -> NatsRouter:
    router = NatsRouter()

    async def known(contest_id: str, applicant_id: str) -> Applicant:
        applicant = await registry.get(applicant_id)
        if applicant is None or applicant.contest_id != contest_id:
            raise RefusedError("applicant-not-found", applicant_id)
        return applicant

    @responder(router, settings, APPLICANT_ADD)
    # Each handler's reply type names Refusal too: the responder answers refusals for it.
    async def register_applicant(command: AddApplicant) -> ApplicantKey | Refusal:
        configured = await contests.get(command.contest_id)
        if configured is None:
            raise RefusedError("contest-not-found", command.contest_id)
        types = {t.slug for t in configured.contest.applicant_types}
        if command.applicant_type not in types:
            raise RefusedError("applicant-type-not-allowed", f"one of {sorted(types)}")
        applicant, api_key = await registry.add(command)
        await publish_event(
            broker,
            ApplicantRegistered(
                contest_id=command.contest_id,
                applicant_id=applicant.applicant_id,
                **command.model_dump(exclude={"contest_id"}),
            ),
        )
        return ApplicantKey(applicant_id=applicant.applicant_id, api_key=api_key)

    @responder(router, settings, APPLICANT_LIST)
    async def list_applicants(command: ListApplicants) -> ApplicantList | Refusal:
        found = await registry.all(command.contest_id)
        return ApplicantList(applicants=tuple(a.summary() for a in found))

    @responder(router, settings, APPLICANT_REVOKE)
    async def revoke_applicant(command: RevokeApplicant) -> ApplicantRevoked | Refusal:
        await registry.revoke(await known(command.contest_id, command.applicant_id))
        return ApplicantRevoked(applicant_id=command.applicant_id)

    @responder(router, settings, APPLICANT_ROTATE)
    async def rotate_applicant_key(command: RotateApplicantKey) -> ApplicantKey | Refusal:
        applicant = await known(command.contest_id, command.applicant_id)
        return ApplicantKey(
            applicant_id=applicant.applicant_id, api_key=await registry.rotate(applicant)
        )

    return router
