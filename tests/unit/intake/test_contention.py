"""A submission that loses the race for its city's counter is a 503 to retry, never a 500."""

from __future__ import annotations

import pytest
from fastapi.responses import JSONResponse

from intake.gate import Gate
from intake.receiving import Receiving
from servicekit.kv import RevisionConflictError
from servicekit.problems import ProblemError


async def test_a_city_counter_still_contended_after_its_retries_answers_503_with_retry_after():
    receiving = Receiving.__new__(Receiving)  # only the error mapping is under test
    receiving.gate = Gate.__new__(Gate)

    async def contended() -> JSONResponse:
        raise RevisionConflictError("seoul-2027.city-claims.kr-busan: still contended")

    with pytest.raises(ProblemError) as refused:
        await receiving._guarded(contended())
    assert refused.value.status == 503
    assert refused.value.kind == "submission-contended"
    assert int(refused.value.headers["Retry-After"]) >= 1
