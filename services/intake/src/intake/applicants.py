"""Registered applicants and their keys in JetStream KV; only a salted hash of a key is kept."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from contracts.envelope import Contact, UtcDatetime, utc_now
from contracts.intake_commands import AddApplicant, ApplicantSummary
from intake.domain import keys
from servicekit.kv import Documents, LazyBucket
from servicekit.kv_keys import keys_under


class Applicant(BaseModel):
    model_config = ConfigDict(frozen=True)

    applicant_id: str
    contest_id: str
    applicant_type: str
    name: str
    city: str
    country: str
    organisation: str = ""
    contact: Contact
    key_id: str
    revoked: bool = False
    registered_at: UtcDatetime

    def summary(self) -> ApplicantSummary:
        return ApplicantSummary.model_validate(self.model_dump())


class KeyRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    key_id: str
    applicant_id: str
    salt: str
    secret_hash: str
    revoked: bool = False


class ApplicantRegistry(LazyBucket):
    """Applicants and their key records, in one bucket."""

    applicants = Documents(Applicant)
    key_records = Documents(KeyRecord)

    async def _issue(self, applicant_id: str) -> keys.IssuedKey:
        issued = keys.issue_key()
        salt = keys.new_salt()
        record = KeyRecord(
            key_id=issued.key_id,
            applicant_id=applicant_id,
            salt=salt,
            secret_hash=keys.hash_secret(issued.secret, salt),
        )
        await self.key_records.kv.create(f"key.{issued.key_id}", record.model_dump_json().encode())
        return issued

    async def add(self, command: AddApplicant) -> tuple[Applicant, str]:
        """The new applicant and its key (the only time the key exists outside a hash)."""
        applicant_id = uuid.uuid4().hex
        issued = await self._issue(applicant_id)
        applicant = Applicant(
            **command.model_dump(),
            applicant_id=applicant_id,
            key_id=issued.key_id,
            registered_at=utc_now(),
        )
        await self.applicants.put(f"applicant.{applicant_id}", applicant)
        return applicant, issued.token

    async def get(self, applicant_id: str) -> Applicant | None:
        found = await self.applicants.get(f"applicant.{applicant_id}")
        return found[0] if found else None

    async def all(self, contest_id: str) -> list[Applicant]:
        names = await keys_under(self.applicants.kv, "applicant")
        found = [await self.get(n.removeprefix("applicant.")) for n in names]
        return sorted(
            (a for a in found if a is not None and a.contest_id == contest_id),
            key=lambda a: a.registered_at,
        )

    async def _revoke_key(self, key_id: str) -> None:
        def revoked(record: KeyRecord | None) -> KeyRecord | None:
            return record.model_copy(update={"revoked": True}) if record else None

        await self.key_records.update(f"key.{key_id}", revoked)

    async def revoke(self, applicant: Applicant) -> None:
        await self._revoke_key(applicant.key_id)
        await self.applicants.put(
            f"applicant.{applicant.applicant_id}", applicant.model_copy(update={"revoked": True})
        )

    async def rotate(self, applicant: Applicant) -> str:
        """A new key; the old one stops working at once."""
        issued = await self._issue(applicant.applicant_id)
        await self._revoke_key(applicant.key_id)
        await self.applicants.put(
            f"applicant.{applicant.applicant_id}",
            applicant.model_copy(update={"key_id": issued.key_id, "revoked": False}),
        )
        return issued.token

    async def authenticate(self, authorization: str | None) -> Applicant | None:
        """The applicant a `Bearer` key belongs to, or None (unknown, revoked, malformed)."""
        scheme, _, token = (authorization or "").partition(" ")
        presented = keys.parse_key(token.strip()) if scheme.lower() == "bearer" else None
        if presented is None:
            return None
        found = await self.key_records.get(f"key.{presented.key_id}")
        if found is None:
            return None
        record = found[0]
        if record.revoked or not keys.secret_matches(
            presented.secret, record.salt, record.secret_hash
        ):
            return None
        applicant = await self.get(record.applicant_id)
        if applicant is None or applicant.revoked or applicant.key_id != record.key_id:
            return None
        return applicant
