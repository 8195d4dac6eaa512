"""What the portal's routes are given: review's dependencies, taken from the app (set once by
`install_portal`) through FastAPI's `Depends`, so the routes are plain module-level functions
rather than closures built in a factory."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from review.context import Review


def review_of(request: Request) -> Review:
    """The `Review` that `install_portal` put on `app.state.review`."""
    review: Review = request.app.state.review
    return review


ReviewOf = Annotated[Review, Depends(review_of)]
