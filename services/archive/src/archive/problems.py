"""Bad query parameters on the staff API answer as problem+json like every other error."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from servicekit.problems import ProblemError, problem_response


def install_validation_problems(app: FastAPI) -> None:
    async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        invalid = [
            {"location": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
            for error in exc.errors()
        ]
        problem = ProblemError(422, "invalid-request", "The request is invalid", errors=invalid)
        return problem_response(problem, request.url.path)

    app.add_exception_handler(RequestValidationError, on_invalid)
