"""The submissions repository (KV): which submissions exist, whose they are, their versions,
and the per-city claims.

A version is committed when its record is written with the revision that was read, so two
amendments racing for the same version cannot both win; the loser answers 409.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from faststream.nats import NatsBroker
from nats.js.errors import KeyWrongLastSequenceError
from pydantic import BaseModel, ConfigDict

from contracts.envelope import StoredFile, UtcDatetime, utc_now
from contracts.names import name_key
from servicekit.kv import Documents, LazyBucket, RevisionConflictError

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")
_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)  # a claim kept before claims were dated


class VersionRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int
    received_at: UtcDatetime
    manifest_key: str
    files: tuple[StoredFile, ...]


class SubmissionRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    contest_id: str
    submission_id: str
    applicant_id: str
    city_key: str
    versions: tuple[VersionRecord, ...]

    @property
    def version(self) -> int:
        return self.versions[-1].version


class CityClaims(BaseModel):
    model_config = ConfigDict(frozen=True)

    submission_ids: tuple[str, ...] = ()
    # When each place was claimed. A claim is followed by its record within milliseconds; one
    # older than the lease with no record was left by a request that failed half-way, when
    # the broker went away before the place could be given back.
    claimed_at: dict[str, UtcDatetime] = {}


class Owned(BaseModel):
    """An applicant's submissions in a contest, for the applicant pages' "My submissions".
    Noted before the record is committed, so an id here may name an upload that failed:
    readers keep only ids whose record exists and is the applicant's."""

    model_config = ConfigDict(frozen=True)

    submission_ids: tuple[str, ...] = ()


class CapReachedError(Exception):
    pass


class ClaimsSettlingError(RevisionConflictError):
    """The cap is reached only counting uploads not written yet: try again shortly."""


def _refuse_when_full(written: int, claimed: int, cap: int) -> None:
    if written >= cap:
        raise CapReachedError(f"{written} applications already (cap {cap})")
    if claimed >= cap:
        raise ClaimsSettlingError(f"{claimed - written} of the city's places are being claimed")


@dataclass
class _Standing:
    written: set[str] = field(default_factory=set)
    unfinished: set[str] = field(default_factory=set)
    abandoned: set[str] = field(default_factory=set)


class VersionTakenError(Exception):
    pass


def city_key(country: str, city: str) -> str:
    """Where the per-city cap counts: the country and the city's `name_key`, hashed."""
    return hashlib.sha256(f"{country}:{name_key(city)}".encode()).hexdigest()[:32]


class SubmissionRecords(LazyBucket):
    records = Documents(SubmissionRecord)
    claims = Documents(CityClaims)
    owners = Documents(Owned)

    def __init__(
        self, broker: NatsBroker, bucket: str, *, replicas: int, claim_lease_seconds: float = 30.0
    ) -> None:
        super().__init__(broker, bucket, replicas=replicas)
        self._claim_lease = timedelta(seconds=claim_lease_seconds)

    async def note_owner(self, contest_id: str, applicant_id: str, submission_id: str) -> None:
        def add(current: Owned | None) -> Owned:
            ids = current.submission_ids if current else ()
            return Owned(submission_ids=ids if submission_id in ids else (*ids, submission_id))

        await self.owners.update(f"owner.{contest_id}.{applicant_id}", add)

    async def owned_by(self, contest_id: str, applicant_id: str) -> list[SubmissionRecord]:
        """The applicant's committed submissions, oldest first."""
        found = await self.owners.get(f"owner.{contest_id}.{applicant_id}")
        records = []
        for submission_id in found[0].submission_ids if found else ():
            record = await self.get(contest_id, submission_id)
            if record is not None and record[0].applicant_id == applicant_id:
                records.append(record[0])
        return records

    async def get(self, contest_id: str, submission_id: str) -> tuple[SubmissionRecord, int] | None:
        if not SUBMISSION_ID.fullmatch(submission_id):
            return None
        return await self.records.get(f"sub.{contest_id}.{submission_id}")

    async def _standing_when_full(self, key: str, contest_id: str, cap: int) -> _Standing | None:
        """Which of a city's claims hold a written submission, read only when the city looks
        full: a city below its cap (or a contest with a large one) costs no extra reads.
        Unwritten claims younger than the lease are uploads in flight, or failed a moment ago;
        older ones were abandoned by requests that failed half-way and hold no place."""
        found = await self.claims.get(key)
        if found is None or len(found[0].submission_ids) < cap:
            return None
        cutoff = utc_now() - self._claim_lease
        claims = found[0]
        standing = _Standing()
        for sid in claims.submission_ids:
            if await self.get(contest_id, sid) is not None:
                standing.written.add(sid)
            elif claims.claimed_at.get(sid, _LONG_AGO) >= cutoff:
                standing.unfinished.add(sid)
            else:
                standing.abandoned.add(sid)
        return standing

    async def check_room(self, contest_id: str, city: str, cap: int) -> None:
        """Raise CapReachedError when the city is full, ClaimsSettlingError when it is full
        only with uploads not written yet (one of them may still give its place back)."""
        standing = await self._standing_when_full(f"city.{contest_id}.{city}", contest_id, cap)
        if standing is not None:
            written = len(standing.written)
            _refuse_when_full(written, written + len(standing.unfinished), cap)

    async def claim_city(self, contest_id: str, city: str, submission_id: str, cap: int) -> None:
        key = f"city.{contest_id}.{city}"
        standing = await self._standing_when_full(key, contest_id, cap)
        abandoned = standing.abandoned if standing else set()
        now = utc_now()

        def add(current: CityClaims | None) -> CityClaims:
            held = current.submission_ids if current else ()
            ids = tuple(i for i in held if i not in abandoned)
            if submission_id in ids:
                return current or CityClaims()
            # Filled since it was read: which are written is not known, so the client retries.
            done = sum(1 for i in ids if i in standing.written) if standing else 0
            _refuse_when_full(done, len(ids), cap)
            kept = {i: at for i, at in (current.claimed_at if current else {}).items() if i in ids}
            return CityClaims(
                submission_ids=(*ids, submission_id), claimed_at={**kept, submission_id: now}
            )

        await self.claims.update(key, add)

    async def release_city(self, contest_id: str, city: str, submission_id: str) -> None:
        def remove(current: CityClaims | None) -> CityClaims | None:
            if current is None:
                return None
            return CityClaims(
                submission_ids=tuple(i for i in current.submission_ids if i != submission_id)
            )

        await self.claims.update(f"city.{contest_id}.{city}", remove)

    async def commit(self, record: SubmissionRecord, read_revision: int) -> None:
        """Write the record if nobody wrote it since `read_revision` (0: it must be new)."""
        key = f"sub.{record.contest_id}.{record.submission_id}"
        data = record.model_dump_json().encode()
        try:
            if read_revision == 0:
                await self.records.kv.create(key, data)
            else:
                await self.records.kv.update(key, data, last=read_revision)
        except KeyWrongLastSequenceError:
            raise VersionTakenError(record.submission_id) from None

    async def commit_new(self, record: SubmissionRecord, cap: int) -> None:
        """Claim the city's place under the cap, then create the record (or give it back)."""
        contest_id, city, submission_id = record.contest_id, record.city_key, record.submission_id
        await self.claim_city(contest_id, city, submission_id, cap)
        try:
            await self.commit(record, 0)
        except BaseException:
            with contextlib.suppress(Exception):
                await self.release_city(contest_id, city, submission_id)
            raise

    async def has_version(self, contest_id: str, submission_id: str, version: int) -> bool:
        found = await self.get(contest_id, submission_id)
        return found is not None and any(v.version == version for v in found[0].versions)
