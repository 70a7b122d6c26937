"""`create_app(settings)`: the HTTP API. Building it connects to nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from cybercare import __version__
from cybercare.api import problems
from cybercare.api.access import assert_every_route_has_a_rule
from cybercare.api.routes import affiliations, billing, events, health, products, quotes
from cybercare.api.routes import cases as assistance_cases
from cybercare.api.routes import claims as claims_routes
from cybercare.bootstrap import Container, build_container
from cybercare.claims.domain import MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES
from cybercare.settings import Settings
from cybercare.web import app as web

DESCRIPTION = """
The Cyber Care platform: household cyber insurance with 24/7 assistance.

Amounts are decimal strings in euros (`"5000.00"`), never JSON numbers. Errors are
`application/problem+json` (RFC 9457); validation errors list each field at fault as a JSON
pointer. Every decision cites the article of the product terms it applies.
"""


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
        title="Cyber Care platform API",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        openapi_url="/openapi.json",
        # The largest legitimate request is a claim with its evidence files; anything larger is
        # refused with 413 before it is read (forms are parsed before the routes run).
        max_body_size=MAX_REQUEST_BYTES,
    )
    app.state.container = container
    problems.install(app)
    app.include_router(health.router)
    for router in (
        products.router,
        quotes.router,
        affiliations.router,
        events.router,
        billing.router,
    ):
        app.include_router(router, prefix="/api/v1")
    app.include_router(assistance_cases.router, prefix="/api/v1")
    app.include_router(claims_routes.router, prefix="/api/v1")
    web.install(app, container)  # the pages, their static files and security plumbing
    assert_every_route_has_a_rule(app)
    return app
