"""What review's HTTP routes (the judge API and the portal) are given: each part of review's
dependencies they use, taken from the holder the composition root put on `app.state.review`
(`main.create_app`) through FastAPI's `Depends`, so routes are plain module-level functions
that say what they need rather than closures over the whole holder."""

from __future__ import annotations

from typing import Annotated

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


def store_of(request: Request) -> ReviewStore:
    return review_of(request).store


def contests_of(request: Request) -> ContestBucket:
    return review_of(request).contests


def publisher_of(request: Request) -> Publish:
    return review_of(request).publish


def files_of(request: Request) -> FileLinks:
    return review_of(request).files


def settings_of(request: Request) -> ReviewSettings:
    return review_of(request).settings


def sign_ins_of(request: Request) -> FailureLimiter:
    return review_of(request).sign_ins


ReviewOf = Annotated[Review, Depends(review_of)]
StoreOf = Annotated[ReviewStore, Depends(store_of)]
ContestsOf = Annotated[ContestBucket, Depends(contests_of)]
PublishOf = Annotated[Publish, Depends(publisher_of)]
FilesOf = Annotated[FileLinks, Depends(files_of)]
SettingsOf = Annotated[ReviewSettings, Depends(settings_of)]
SignInsOf = Annotated[FailureLimiter, Depends(sign_ins_of)]
