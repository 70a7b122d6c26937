"""The API's answer to a database outage: `503` problem+json with `Retry-After`, instead of a
500. Any other database error keeps going to the 500 handler (see `cybercare.db.outage` for
which is which)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from cybercare.api.problems import problem
from cybercare.db.outage import DriverError, is_database_outage
from cybercare.http.outage import retry_after

log = logging.getLogger("cybercare.outage")


def outage_problem() -> JSONResponse:
    response = problem(
        503,
        "Service unavailable",
        "The service cannot reach its database for the moment. Try again shortly.",
        code="database_unavailable",
    )
    response.headers.update(retry_after())
    return response


async def database_error(request: Request, exc: Exception) -> JSONResponse:
    if not is_database_outage(exc):
        raise exc  # a fault, not an outage: the 500 handler logs it
    log.warning("database unavailable during %s %s: %s", request.method, request.url.path, exc)
    return outage_problem()


def install(app: FastAPI) -> None:
    app.add_exception_handler(DriverError, database_error)
