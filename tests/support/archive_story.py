"""A generated contest, told as the events the platform would publish, for the archive's tests
(unit, integration and benchmarks alike).

`contest_story(seed, submissions)` is deterministic: the same seed tells the same story, with
event times strictly increasing in publication order.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import fmean

from contracts import events as ev
from contracts.contest import Contest, load_contest
from contracts.envelope import Contact, Event, StoredFile

CONTEST_ID = "seoul-smart-city-prize-2027"
CONTEST_FILE = Path(__file__).parents[2] / "contests" / "seoul-smart-city-prize.yaml"
CATEGORIES = ("tech-innovacity", "human-centricity")
COUNTRIES = ("KR", "KE", "BR", "DE", "VN")
CRITERIA = ("problem-centred-innovation", "value-generation")
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def tick(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def _file(rng: random.Random, name: str) -> StoredFile:
    return StoredFile(
        name=name,
        size=rng.randint(1, 10_000),
        sha256=f"{rng.getrandbits(256):064x}",
        content_type="application/pdf",
        object_key=f"k/{rng.getrandbits(64):x}",
    )


def contest_story(seed: int, submissions: int = 3, *, judges: int = 3) -> list[Event]:
    """Received (some amended), screened, assigned, scored (some revised), ranked, notified."""
    return list(_story(random.Random(seed), submissions, judges))


def _story(rng: random.Random, submissions: int, judges: int) -> Iterator[Event]:
    clock = _Clock()
    common = {"contest_id": CONTEST_ID}
    yield ev.ContestConfigured(**common, occurred_at=clock.tick(), contest=_seoul())
    versions: dict[str, ev.SubmissionReceived | ev.SubmissionAmended] = {}
    for n in range(submissions):
        sid = f"s-{n:03d}"
        received = ev.SubmissionReceived(
            **common,
            occurred_at=clock.tick(),
            submission_id=sid,
            version=1,
            applicant_id=f"a-{n:03d}",
            applicant_type="city_government",
            category=CATEGORIES[n % len(CATEGORIES)],
            sectors=("mobility",),
            title=f"Project {n}",
            city=f"City {n}",
            country=rng.choice(COUNTRIES),
            contact=Contact(name="Contact", email=f"c{n}@city.example"),
            files=(_file(rng, "application.pdf"),),
            manifest_key=f"manifests/{sid}/1.json",
            application={"title": f"Project {n}"},
        )
        yield received
        yield _sent(clock, received, received.applicant_id)
        versions[sid] = received
        if rng.random() < 0.5:
            amended = ev.SubmissionAmended(
                **received.model_dump(exclude={"event_id", "event_type", "occurred_at"}),
                occurred_at=clock.tick(),
            ).model_copy(update={"version": 2, "files": (*received.files, _file(rng, "b.pdf"))})
            versions[sid] = amended
            yield amended
    for sid, version in versions.items():
        yield ev.SubmissionScreened(
            **common,
            occurred_at=clock.tick(),
            submission_id=sid,
            version=version.version,
            outcome="eligible",
        )
    yield ev.RoundStarted(**common, occurred_at=clock.tick(), round="panel")
    means: dict[str, list[float]] = {}
    for sid, version in versions.items():
        for j in rng.sample(range(judges), k=min(2, judges)):
            assignment = f"{sid}-j{j}"
            assigned = ev.ReviewAssigned(
                **common,
                occurred_at=clock.tick(),
                round="panel",
                assignment_id=assignment,
                judge_id=f"j-{j}",
                submission_id=sid,
                submission_version=version.version,
                batch_id="b-1",
            )
            yield assigned
            yield _sent(clock, assigned, assigned.judge_id, "assignment")
            for revision in range(1, rng.choice((2, 3))):
                scores = {c: float(rng.randint(1, 10)) for c in CRITERIA}
                yield ev.ReviewScored(
                    **common,
                    occurred_at=clock.tick(),
                    round="panel",
                    assignment_id=assignment,
                    judge_id=f"j-{j}",
                    submission_id=sid,
                    submission_version=version.version,
                    scores=scores,
                    revision=revision,
                    files_seen=tuple(f.sha256 for f in version.files),
                )
            means.setdefault(sid, []).append(fmean(scores.values()))
    yield from _results(clock, versions, means)


@functools.cache
def _seoul() -> Contest:
    return load_contest(CONTEST_FILE)


def _sent(
    clock: _Clock, cause: Event, recipient: str, template: str = "receipt"
) -> ev.NotificationSent:
    return ev.NotificationSent(
        contest_id=cause.contest_id,
        occurred_at=clock.tick(),
        cause_event_id=cause.event_id,
        template=template,
        recipient_id=recipient,
        message_id=f"<{cause.event_id}.{recipient}@mail>",
        attempts=1,
    )


def _results(
    clock: _Clock,
    versions: dict[str, ev.SubmissionReceived | ev.SubmissionAmended],
    means: dict[str, list[float]],
) -> Iterator[Event]:
    rankings: dict[str, tuple[ev.RankedSubmission, ...]] = {}
    for category in CATEGORIES:
        rows = sorted(
            (-fmean(means[sid]), sid) for sid, v in versions.items() if v.category == category
        )
        rankings[category] = tuple(
            ev.RankedSubmission(
                submission_id=sid,
                rank=rank,
                raw_score=round(-score, 6),
                normalised_score=round(-score / 10, 6),
            )
            for rank, (score, sid) in enumerate(rows, 1)
        )
    finalists = {c: tuple(r.submission_id for r in ranking[:1]) for c, ranking in rankings.items()}
    yield ev.FinalistsSelected(
        contest_id=CONTEST_ID, occurred_at=clock.tick(), round="panel", finalists=finalists
    )
    published = ev.ResultsPublished(
        contest_id=CONTEST_ID,
        occurred_at=clock.tick(),
        round="panel",
        rankings=rankings,
        winners=finalists,
        method="mean-of-judge-means",
        parameters={"z_score": False},
    )
    yield published
    for version in versions.values():
        yield _sent(clock, published, version.applicant_id, "results")


def submission_of(event: Event) -> str:
    """The submission an event belongs to, for shuffling "within each submission"."""
    submission_id = getattr(event, "submission_id", None)
    return submission_id if isinstance(submission_id, str) else "contest"
