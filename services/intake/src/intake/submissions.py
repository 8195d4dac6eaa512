"""Receiving a version of a submission: stream, check, store, record, commit, publish.

Visibility is the KV record: until it is committed nothing of the version exists for
anyone, and every failure before that deletes what was written.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request
from pydantic import ValidationError

from contracts.events import SubmissionVersion
from intake.archives import inspect_stored_zip
from intake.buffers import PartBuffers
from intake.domain.form import (
    Application,
    FormContext,
    cap_city,
    field_errors,
    parse_application,
)
from intake.gate import Admitted
from intake.multipart import MalformedBodyError, boundary_of
from intake.outbox import Outbox
from intake.problems import problem
from intake.settings import IntakeSettings
from intake.sinks import FileSink, HashSink, S3Sink
from intake.storage import ObjectStore
from intake.submission_repository import (
    CapReachedError,
    SubmissionRecord,
    SubmissionRecords,
    VersionRecord,
    VersionTakenError,
    city_key,
)
from intake.uploads import SinkFactory, Upload, UploadReader
from intake.version_event import check_parts, form_invalid, version_event
from servicekit.attribution import attribute

logger = logging.getLogger("intake.submissions")
Existing = tuple[SubmissionRecord, int]


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


@dataclass(frozen=True)
class Accepted:
    record: SubmissionRecord
    event: SubmissionVersion


class Submissions:
    def __init__(
        self,
        settings: IntakeSettings,
        store: ObjectStore,
        records: SubmissionRecords,
        outbox: Outbox,
    ) -> None:
        self.settings, self.store, self.records, self.outbox = settings, store, records, outbox
        self.buffers = PartBuffers(settings.upload_part_bytes, spare=S3Sink.PARTS_IN_FLIGHT + 1)

    async def fingerprint(self, admitted: Admitted, body: Body, body_cap: int) -> str:
        """The fingerprint of a body without storing anything (for Idempotency-Key replays)."""
        reader = self._reader(admitted, "dry/", lambda _key: HashSink(), claims_room=False)
        upload = await reader.read(body.stream, _boundary(body.content_type), body_cap)
        return upload.fingerprint()

    async def receive(
        self, admitted: Admitted, body: Body, body_cap: int, existing: Existing | None
    ) -> tuple[Accepted, Upload]:
        """Stream, check, store, record in the outbox, commit, publish: version 1 of a new
        submission (`existing` None) or the next version of `existing`. Whatever fails,
        what was written is deleted here, once."""
        contest, applicant = admitted.contest, admitted.applicant
        boundary = _boundary(body.content_type)
        submission_id = existing[0].submission_id if existing else uuid.uuid4().hex
        version = existing[0].version + 1 if existing else 1
        attribute(submission_id=submission_id)  # staff find the upload's trace by this id
        prefix = f"contests/{contest.id}/submissions/{submission_id}/v{version}/"
        reader = self._reader(admitted, prefix, self._s3_sink, claims_room=existing is None)
        written = reader.written
        try:
            upload = await reader.read(body.stream, boundary, body_cap)
            await reader.settle_zip_types(lambda f: inspect_stored_zip(self.store, f, contest))
            check_parts(contest, applicant, upload)
            event = version_event(admitted, upload, submission_id, version, prefix)
            written = [*written, event.manifest_key, Outbox.marker_key(event)]
            parts = {f.object_key: f.part for f in upload.files}
            await self.outbox.record(event, parts)
            record = await self._commit(admitted, upload.valid_form, event, existing)
        except BaseException:
            await self._discard(written)
            raise
        await self.outbox.publish(event, parts)
        return Accepted(record=record, event=event), upload

    def _reader(
        self, admitted: Admitted, prefix: str, sinks: SinkFactory, *, claims_room: bool
    ) -> UploadReader:
        """`claims_room`: a new submission takes one of its city's places, checked as soon
        as the form names the city."""
        read_form = self._form_with_room if claims_room else self._form
        return UploadReader(
            admitted.contest.file_rules,
            key_prefix=prefix,
            sinks=sinks,
            form_max_bytes=self.settings.form_max_bytes,
            read_form=functools.partial(read_form, admitted),
        )

    def _s3_sink(self, key: str) -> FileSink:
        return S3Sink(self.store, key, buffers=self.buffers)

    async def _form(self, admitted: Admitted, raw: bytes) -> Application:
        context = FormContext(
            contest=admitted.contest,
            registered_type=admitted.applicant.applicant_type,
            smtputf8=self.settings.smtputf8,
        )
        try:
            return parse_application(raw, context)
        except ValidationError as error:
            raise form_invalid(field_errors(error)) from None

    async def _form_with_room(self, admitted: Admitted, raw: bytes) -> Application:
        application = await self._form(admitted, raw)
        contest, applicant = admitted.contest, admitted.applicant
        city = city_key(applicant.country, cap_city(application, applicant.city))
        try:
            await self.records.check_room(contest.id, city, contest.per_city_cap)
        except CapReachedError:
            cap = contest.per_city_cap
            raise problem("city-cap-reached", f"at most {cap} per city") from None
        return application

    async def _discard(self, keys: list[str]) -> None:
        try:
            await self.store.remove(keys)
        except Exception as error:  # unreachable store: uncommitted objects stay invisible
            logger.warning("could not delete refused upload", extra={"error": type(error).__name__})

    async def _commit(
        self,
        admitted: Admitted,
        application: Application,
        event: SubmissionVersion,
        existing: Existing | None,
    ) -> SubmissionRecord:
        contest, applicant = admitted.contest, admitted.applicant
        version = VersionRecord(
            version=event.version,
            received_at=event.occurred_at,
            manifest_key=event.manifest_key,
            files=event.files,
        )
        if existing is not None:
            record = existing[0].model_copy(update={"versions": (*existing[0].versions, version)})
            try:
                await self.records.commit(record, existing[1])
            except VersionTakenError:
                raise problem("version-conflict", "another amendment won the race") from None
            return record
        record = SubmissionRecord(
            contest_id=contest.id,
            submission_id=event.submission_id,
            applicant_id=applicant.applicant_id,
            city_key=city_key(applicant.country, cap_city(application, applicant.city)),
            versions=(version,),
        )
        await self.records.note_owner(contest.id, applicant.applicant_id, event.submission_id)
        try:
            await self.records.commit_new(record, contest.per_city_cap)
        except CapReachedError as error:
            raise problem("city-cap-reached", str(error)) from None
        return record


def _boundary(content_type: str) -> bytes:
    try:
        return boundary_of(content_type)
    except MalformedBodyError as error:
        raise problem("not-multipart", str(error)) from None
