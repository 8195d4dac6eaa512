"""Receiving a version of a submission: stream, check, store, record, commit, publish.

Visibility is the KV record: until it is committed nothing of the version exists for
anyone, and every failure before that deletes what was written.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from pydantic import ValidationError

from contracts.contest import Contest
from intake.applicants import Applicant
from intake.archives import inspect_stored_zip
from intake.buffers import PartBuffers
from intake.domain.form import (
    Application,
    FormContext,
    cap_city,
    field_errors,
    parse_application,
)
from intake.multipart import MalformedBodyError, boundary_of
from intake.outbox import Outbox, VersionEvent
from intake.problems import problem
from intake.records import (
    CapReachedError,
    SubmissionRecord,
    SubmissionRecords,
    VersionRecord,
    VersionTakenError,
    city_key,
)
from intake.settings import IntakeSettings
from intake.sinks import FileSink, HashSink, S3Sink
from intake.storage import ObjectStore
from intake.uploads import Upload, UploadReader
from intake.version_event import check_parts, form_invalid, version_event
from servicekit.attribution import attribute

logger = logging.getLogger("intake.submissions")
Existing = tuple[SubmissionRecord, int]


@dataclass(frozen=True)
class Accepted:
    record: SubmissionRecord
    event: VersionEvent


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

    def _reader(
        self,
        contest: Contest,
        applicant: Applicant,
        prefix: str,
        *,
        dry: bool,
        existing: Existing | None,
        form: list[Application],
    ) -> UploadReader:
        async def on_application(raw: bytes) -> None:
            context = FormContext(
                contest=contest,
                registered_type=applicant.applicant_type,
                smtputf8=self.settings.smtputf8,
            )
            try:
                application = parse_application(raw, context)
            except ValidationError as error:
                raise form_invalid(field_errors(error)) from None
            form.append(application)
            if not dry and existing is None:
                city = city_key(applicant.country, cap_city(application, applicant.city))
                try:
                    await self.records.check_room(contest.id, city, contest.per_city_cap)
                except CapReachedError:
                    cap = contest.per_city_cap
                    raise problem("city-cap-reached", f"at most {cap} per city") from None

        def sink(key: str) -> FileSink:
            if dry:
                return HashSink()
            return S3Sink(self.store, key, buffers=self.buffers)

        async def discard(keys: list[str]) -> None:
            if not dry:
                await self._discard(keys)

        return UploadReader(
            contest.file_rules,
            key_prefix=prefix,
            sinks=sink,
            discard=discard,
            form_max_bytes=self.settings.form_max_bytes,
            on_application=on_application,
        )

    async def _discard(self, keys: list[str]) -> None:
        try:
            await self.store.remove(keys)
        except Exception as error:  # unreachable store: uncommitted objects stay invisible
            logger.warning("could not delete refused upload", extra={"error": type(error).__name__})

    async def fingerprint(
        self,
        contest: Contest,
        applicant: Applicant,
        body: AsyncIterator[bytes],
        content_type: str,
        body_cap: int,
    ) -> str:
        """The fingerprint of a body without storing anything (for Idempotency-Key replays)."""
        reader = self._reader(contest, applicant, "dry/", dry=True, existing=None, form=[])
        upload = await reader.read(body, _boundary(content_type), body_cap)
        return upload.fingerprint()

    async def receive(
        self,
        contest: Contest,
        applicant: Applicant,
        body: AsyncIterator[bytes],
        content_type: str,
        body_cap: int,
        existing: Existing | None,
    ) -> tuple[Accepted, Upload]:
        boundary = _boundary(content_type)
        submission_id = existing[0].submission_id if existing else uuid.uuid4().hex
        version = existing[0].version + 1 if existing else 1
        attribute(submission_id=submission_id)  # staff find the upload's trace by this id
        prefix = f"contests/{contest.id}/submissions/{submission_id}/v{version}/"
        form: list[Application] = []
        reader = self._reader(contest, applicant, prefix, dry=False, existing=existing, form=form)
        upload = await reader.read(body, boundary, body_cap)
        await reader.settle_zip_types(lambda f: inspect_stored_zip(self.store, f, contest))
        event = version_event(contest, applicant, form[0], upload, submission_id, version, prefix)
        try:
            check_parts(contest, applicant, upload)
            parts = {f.object_key: f.part for f in upload.files}
            await self.outbox.record(event, parts)
            record = await self._commit(contest, applicant, form[0], event, existing)
        except BaseException:
            await self._discard([*reader.written, event.manifest_key, Outbox.marker_key(event)])
            raise
        await self.outbox.publish(event, parts)
        return Accepted(record=record, event=event), upload

    async def _commit(
        self,
        contest: Contest,
        applicant: Applicant,
        application: Application,
        event: VersionEvent,
        existing: Existing | None,
    ) -> SubmissionRecord:
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
