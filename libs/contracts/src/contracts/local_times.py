"""Wall-clock times read in a time zone, refusing the ones the zone skips or repeats.

A naive time such as `2027-03-28 02:30` in Europe/Berlin names no instant (the clocks jump
from 02:00 to 03:00), and `2027-11-07 01:30` in America/New_York names two (the clocks go
back from 02:00 to 01:00). Python quietly picks one (PEP 495, `fold=0`); a contest deadline
must not be a guess, so such a time is refused with the two instants it could mean.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


class LocalTimeError(ValueError):
    """A wall-clock time in a gap (no instant) or an overlap (two instants) of its zone.

    `candidates` are the two readings, earlier offset first (`fold=0`, then `fold=1`).
    """

    def __init__(self, reason: str, candidates: tuple[datetime, datetime]) -> None:
        super().__init__(reason)
        self.candidates = candidates


def localise(naive: datetime, zone: ZoneInfo) -> datetime:
    """`naive` read in `zone`; raises LocalTimeError when it names no instant or two."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    in_gap = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive
    what = (
        "does not exist: the clocks skip it when they go forward"
        if in_gap
        else "happens twice: the clocks go back over it"
    )
    readings = " or ".join(
        f"{reading.isoformat()} (= {reading.astimezone(UTC):%Y-%m-%dT%H:%MZ})"
        for reading in (first, second)
    )
    reason = (
        f"{naive:%Y-%m-%d %H:%M} in {zone.key} {what}; it could mean {readings}; "
        "write the time with its offset"
    )
    raise LocalTimeError(reason, (first, second))
