"""`create_app(settings)`: the web application, composed of the HTTP API and the web pages.

The composition root of the server: it wires the container (`cybercare.bootstrap`), installs the
API (`cybercare.api.app`) and the pages (`cybercare.web.app`) on one FastAPI application, and
refuses to start with an unguarded route. Building it connects to nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from cybercare import __version__
from cybercare.api import app as api
from cybercare.bootstrap import Container, build_container
from cybercare.claims.domain import MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES
from cybercare.http import edges
from cybercare.http.access import assert_every_route_has_a_rule
from cybercare.observability import install as observability
from cybercare.settings import Settings
from cybercare.web import app as web

# The largest legitimate request is a claim with its evidence files; anything larger is refused
# with 413 (problem+json for the API, the error page for a page) by `cybercare.http.edges`.
MAX_REQUEST_BYTES = MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + 1024 * 1024


def create_app(settings: Settings | None = None, *, container: Container | None = None) -> FastAPI:
    if container is None:
        container = build_container(settings or Settings())
    threads = container.settings.handler_threads(container.engine.dialect.name)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The pool that runs the (synchronous) route handlers: bounded by the setting.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title=api.TITLE,
        version=__version__,
        description=api.DESCRIPTION,
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.container = container
    edges.install(app, max_body_bytes=MAX_REQUEST_BYTES)  # NUL, body limit, no-store: issue 16
    # installed after the edges, so its middleware is outside theirs: a request refused at the
    # edge (413, a NUL byte) still has its request id, its access log line and its metrics
    observability.install(app, container)  # request ids, access log, metrics, traces
    api.install(app)
    web.install(app, container)  # the pages, their static files and security plumbing
    assert_every_route_has_a_rule(app)
    return app


def create_served_app() -> FastAPI:
    """The factory `cybercare serve` hands uvicorn, called in each server process: its log
    lines set up from the settings (docs/operations.md), then `create_app`."""
    from cybercare.observability.logs import configure_logging  # structlog: served processes

    settings = Settings()
    configure_logging(settings)
    return create_app(settings)
