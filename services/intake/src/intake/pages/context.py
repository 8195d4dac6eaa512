"""What the applicant pages are built on: intake's own gate, application service, contests
and object storage (never its HTTP API), plus the pages' sessions and sign-in limiter."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from contracts.contest import Contest
from intake.applicants import Applicant
from intake.gate import Admitted, known_contest
from intake.pages.i18n import known_zone
from intake.pages.render import Viewer, words_for
from intake.pages.sessions import SessionDoc, Sessions
from intake.receiving import Receiving
from intake.storage import ObjectStore
from intake.submission_repository import SubmissionRecord
from servicekit.signin_limits import FailureLimiter

# Ten wrong keys per client in ten minutes, then 429: a key cannot be guessed by trying.
SIGN_IN_FAILURES = 10
SIGN_IN_WINDOW_SECONDS = 600.0


@dataclass(frozen=True)
class Pages:
    receiving: Receiving
    sessions: Sessions
    store: ObjectStore
    sign_ins: FailureLimiter

    async def contest(self, contest_id: str) -> Contest | None:
        configured = await known_contest(self.receiving.gate.contests, contest_id)
        return configured.contest if configured else None

    async def own(self, v: Visit, submission_id: str) -> SubmissionRecord | None:
        """The visitor's own submission; None for another's, as for one that does not exist."""
        found = await self.receiving.records.get(v.contest.id, submission_id)
        if found is None or found[0].applicant_id != v.applicant.applicant_id:
            return None
        return found[0]


@dataclass(frozen=True)
class Visit:
    """A signed-in applicant on a page: who, which contest, and how the page reads."""

    session: SessionDoc
    admitted: Admitted
    viewer: Viewer

    @property
    def applicant(self) -> Applicant:
        return self.admitted.applicant

    @property
    def contest(self) -> Contest:
        return self.admitted.contest


def zone_of(session: SessionDoc, contest: Contest) -> tuple[str, bool]:
    """The browser's zone when it gave one, else the contest's; and which it is."""
    if session.zone and known_zone(session.zone):
        return session.zone, True
    return contest.timezone, False


async def visit(pages: Pages, request: Request) -> Visit | None:
    found = await pages.sessions.current(request)
    if found is None:
        return None
    session, applicant = found
    contest = await pages.contest(session.contest_id)
    if contest is None:
        return None
    zone, from_browser = zone_of(session, contest)
    viewer = Viewer(
        words=words_for(request, applicant.contact.language),
        zone=zone,
        zone_from_browser=from_browser,
        name=applicant.name,
        csrf=session.csrf,
    )
    return Visit(session, Admitted(applicant=applicant, contest=contest), viewer)
