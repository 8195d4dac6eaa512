"""Which failures are retried, which are dead-lettered, which are refused to the caller.

A handler says what should happen to a failure by the type it raises, nothing else:

- `PermanentError` (a poison message: retrying cannot help): an event is dead-lettered at
  once; a request is answered `internal-error`.
- `RefusedError(kind, detail)`: an event is retried with back-off, like any error; a request
  is answered `Refusal(kind, detail)`.
- `RefusedError(kind, detail, permanent=True)`: an event is dead-lettered at once; a request
  is answered `Refusal(kind, detail)`.
- a body that is not a valid event (pydantic `ValidationError`, `JSONDecodeError`):
  dead-lettered at once.
- anything else (a store or server away): an event is retried with back-off and
  dead-lettered after `MAX_DELIVERIES`; a request is answered `internal-error`, logged.

A refusal is retried on an event by default because what it refers to (a contest, a judge)
may still be on its way through the stream; one that can never succeed says
`permanent=True`, where it is raised or once for a subclass (`class X(RefusedError,
permanent=True)`). The table is the one in docs/architecture.md ("Which failures are
retried").
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError


class PermanentError(Exception):
    """A deliberate outcome: retrying cannot help (poison message, rejected input)."""


class RefusedError(Exception):
    """A deliberate refusal with a stable `kind` (a slug) and a human `detail`.

    `permanent`: dead-letter an event that raises it at once instead of retrying; when not
    given, the subclass's declaration (`class X(RefusedError, permanent=True)`), else False.
    """

    permanent: bool = False

    def __init_subclass__(cls, *, permanent: bool | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if permanent is not None:
            cls.permanent = permanent

    def __init__(self, kind: str, detail: str = "", *, permanent: bool | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        if permanent is not None:
            self.permanent = permanent


def dead_letters_at_once(error: BaseException) -> bool:
    """Whether a consumer parks `error`'s message at once rather than retrying it."""
    if isinstance(error, PermanentError | ValidationError | json.JSONDecodeError):
        return True
    return isinstance(error, RefusedError) and error.permanent
