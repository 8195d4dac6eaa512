"""The events the consumers phase drains: shaped like intake's own, one city each.

first_seq, size = await publish_events(js, contest_id, 500)
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid

from nats.js import JetStreamContext

from cityprize.demo.applying import application_form
from cityprize.demo.data import APPLICANTS
from contracts.envelope import Contact, StoredFile
from contracts.events import SubmissionReceived
from contracts.subjects import Header, Stream


def received_event(contest_id: str, n: int) -> SubmissionReceived:
    """Shaped like intake's own event (the demo's form, one stored PDF). Each from a city of
    its own: a real contest's per-city cap lets no city send hundreds, and screening reads
    every other application of the city."""
    base = APPLICANTS[n % len(APPLICANTS)]
    behalf = base.on_behalf_of_city and f"{base.on_behalf_of_city} {n}"
    applicant = dataclasses.replace(
        base, key=f"bench-{n}", city=f"{base.city} {n}", on_behalf_of_city=behalf
    )
    submission_id = uuid.uuid4().hex
    prefix = f"contests/{contest_id}/submissions/{submission_id}/v1/"
    form = application_form(applicant)
    return SubmissionReceived(
        contest_id=contest_id,
        submission_id=submission_id,
        version=1,
        applicant_id=f"app-bench-{n % 16}",
        applicant_type=applicant.applicant_type,
        category=applicant.category,
        sectors=applicant.sectors,
        title=f"{applicant.title} #{n}",
        city=applicant.city,
        country=applicant.country,
        organisation=applicant.organisation,
        contact=Contact(name="Bench team", email=applicant.email, language=applicant.language),
        files=(
            StoredFile(
                name="project-overview.pdf",
                size=2048,
                sha256=hashlib.sha256(submission_id.encode()).hexdigest(),
                content_type="application/pdf",
                object_key=prefix + uuid.uuid4().hex,
            ),
        ),
        manifest_key=prefix + "manifest.json",
        application=form,
    )


async def publish_events(js: JetStreamContext, contest_id: str, count: int) -> tuple[int, int]:
    """Returns the first stream sequence and the message size in bytes. Each carries a W3C
    `traceparent`, as every event a service publishes does."""
    first, size = 0, 0
    for n in range(count):
        event = received_event(contest_id, n)
        body = event.model_dump_json().encode()
        ack = await js.publish(
            event.subject,
            body,
            stream=Stream.EVENTS,
            headers={
                Header.MSG_ID: event.event_id,
                Header.EVENT_TYPE: event.event_type,
                # As intake's carry one: a consumer then continues that trace, as in service,
                # instead of making a `create` span of its own first.
                "traceparent": f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01",
            },
        )
        first, size = first or ack.seq, len(body)
    return first, size
