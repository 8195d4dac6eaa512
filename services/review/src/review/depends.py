"""What review's HTTP routes (the judge API and the portal) are given: each part of review's
dependencies they use, taken from the holder the composition root put on `app.state.review`
(`main.create_app`) through FastAPI's `Depends`, so routes are plain module-level functions
that say what they need rather than closures over the whole holder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from review.context import Publish, Review
from review.objects import FileLinks
from review.settings import ReviewSettings
from review.store import ReviewStore
from servicekit.contests import ContestBucket
from servicekit.signin_limits import FailureLimiter


def review_of(request: Request) -> Review:
    """The holder that `main.create_app` put on `app.state.review`."""
    review: Review = request.app.state.review
    return review


def _part(name: str) -> Callable[[Request], Any]:
    """A dependency giving one attribute of the holder, typed where it is named below."""

    def part(request: Request) -> Any:
        return getattr(review_of(request), name)

    return part


StoreOf = Annotated[ReviewStore, Depends(_part("store"))]
ContestsOf = Annotated[ContestBucket, Depends(_part("contests"))]
PublishOf = Annotated[Publish, Depends(_part("publish"))]
FilesOf = Annotated[FileLinks, Depends(_part("files"))]
SignInsOf = Annotated[FailureLimiter, Depends(_part("sign_ins"))]
SettingsOf = Annotated[ReviewSettings, Depends(_part("settings"))]
