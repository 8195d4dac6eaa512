"""The portal's route dependencies are review's (`review.depends`, shared with the judge API);
`ReviewOf`, the whole holder, is named here for `review.portal.access`, whose sign-in and
sign-out still take it."""

from __future__ import annotations

from review.depends import ReviewOf, review_of

__all__ = ["ReviewOf", "review_of"]
