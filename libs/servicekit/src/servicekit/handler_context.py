"""What a handler takes from the broker's context, resolved on the event loop.

fast_depends calls a custom field's `use` through `run_async`, which sends a synchronous
callable to anyio's worker threads. FastStream's `Context(...)` has a synchronous `use`, so
each such parameter of an async handler cost a trip to a worker thread and back per message
(a queue hand-off, then a wake-up of the loop through its self-pipe) to read one attribute.
`FromContext` reads the same name with an async `use`, which fast_depends awaits in place.
"""

from __future__ import annotations

from typing import Any

from fast_depends.library import CustomField


class FromContext(CustomField):
    """`FromContext("review.store")`: the broker context's `review`, then its `store`, as
    `faststream.Context("review.store")` gives it. For async handlers only (every consumer
    and responder here is one): fast_depends' synchronous path would get a coroutine."""

    def __init__(self, name: str) -> None:
        super().__init__(cast=False, required=True)
        self.name = name

    async def use(self, /, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        # `context__` is the broker's ContextRepo, which FastStream hands to every field.
        assert self.param_name is not None
        kwargs[self.param_name] = kwargs["context__"].resolve(self.name)
        return kwargs
