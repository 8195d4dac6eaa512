"""A malformed judge request answers as problem+json like every other error of the API."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from servicekit.problems import ProblemError, problem_response


def install_validation_problems(app: FastAPI) -> None:
    async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # The offending value is left out: it may be a judge's comment or a token.
        invalid = {".".join(str(part) for part in e["loc"]): e["msg"] for e in exc.errors()}
        problem = ProblemError(422, "request-invalid", "The request is invalid", errors=invalid)
        return problem_response(problem, request.url.path)

    app.add_exception_handler(RequestValidationError, on_invalid)
