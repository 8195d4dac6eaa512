"""What every route of the console needs, built once by the composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from console.archive import Archive
from console.commands import Commands
from console.sessions import Sessions
from console.settings import ConsoleSettings
from console.staff import StaffBook
from contracts.contest import Contest
from servicekit.signin_limits import FailureLimiter


@dataclass
class Console:
    settings: ConsoleSettings
    commands: Commands
    archive: Archive
    staff: StaffBook
    sessions: Sessions
    sign_ins: FailureLimiter
    #: The contest's newest configuration (from `prize.contest.configured`), or None.
    contest: Callable[[str], Awaitable[Contest | None]]

    @property
    def contest_id(self) -> str:
        return self.settings.console_contest_id
