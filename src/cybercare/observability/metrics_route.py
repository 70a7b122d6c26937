"""`GET /metrics`: the Prometheus exposition, for a scraper that holds `metrics_token`.

Without the setting the route answers 404, as if it did not exist; with it, a request without
the token, or with another one, gets 401 (problem+json). The token is compared in constant
time. Not in the OpenAPI document: it is the operators' endpoint, not the partners'.
"""

from __future__ import annotations

import hmac
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from starlette.exceptions import HTTPException

from cybercare.http.access import access_rule
from cybercare.observability.exposition import render

PATH = "/metrics"
_bearer = HTTPBearer(auto_error=False)


@access_rule
async def metrics_scraper(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> None:
    """The scraper, with the token of `CYBERCARE_METRICS_TOKEN`."""
    expected = request.app.state.container.settings.metrics_token
    if expected is None:
        raise HTTPException(404, "Not Found")
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise HTTPException(401, "a metrics token is required", {"WWW-Authenticate": "Bearer"})


def metrics_router(registry: CollectorRegistry) -> APIRouter:
    router = APIRouter(include_in_schema=False, dependencies=[Depends(metrics_scraper)])
    scrapes: list[anyio.CapacityLimiter] = []

    @router.get(PATH, name="metrics")
    async def metrics() -> Response:
        # In a thread of its own (its queries wait for the database), one scrape at a time, never
        # in the pool of the request handlers (`request_threads`, 2 on PostgreSQL): a scrape
        # holds no request up.
        if not scrapes:
            scrapes.append(anyio.CapacityLimiter(1))
        body = await anyio.to_thread.run_sync(render, registry, limiter=scrapes[0])
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return router
