"""The HTTP API: its documentation, its problem+json errors and its routers.

`install(app)` adds them to the application that `cybercare.app.create_app` composes (the web
pages are installed beside them there; the API knows nothing of them).
"""

from __future__ import annotations

from fastapi import FastAPI

from cybercare.api import contract, outage, problems, rate_limits
from cybercare.api.access import distributor_system
from cybercare.api.routes import (
    affiliations,
    billing,
    callbacks,
    events,
    health,
    mandates,
    products,
    quotes,
    test_clocks,
    webhooks,
)
from cybercare.api.routes import cases as assistance_cases
from cybercare.api.routes import claims as claims_routes
from cybercare.api.routes import radar as radar_routes
from cybercare.api.routes import reports as report_routes

TITLE = "Cyber Care platform API"
DESCRIPTION = """
The Cyber Care platform: household cyber insurance with 24/7 assistance.

Amounts are decimal strings in euros (`"5000.00"`), never JSON numbers. Errors are
`application/problem+json` (RFC 9457); validation errors list each field at fault as a JSON
pointer. Every decision cites the article of the product terms it applies.

Dates are ISO 8601 days from 1900-01-01 to 2100-12-31; no text may hold a NUL character; an
integer id that no row can have answers 404; a body over 101 MiB answers 413.
"""


def install(app: FastAPI) -> None:
    problems.install(app)
    outage.install(app)  # a database outage: 503 with Retry-After
    rate_limits.install(app, app.state.container)  # per API key, shared by every process
    app.include_router(health.router)
    for router in (
        products.router,
        quotes.router,
        affiliations.router,
        events.router,
        billing.router,
        mandates.router,
    ):
        app.include_router(router, prefix="/api/v1")
    app.include_router(assistance_cases.router, prefix="/api/v1")
    app.include_router(callbacks.router, prefix="/api/v1")
    app.include_router(claims_routes.router, prefix="/api/v1")
    app.include_router(report_routes.router, prefix="/api/v1")
    app.include_router(radar_routes.router, prefix="/api/v1")
    app.include_router(test_clocks.router, prefix="/api/v1")  # the sandbox (issue 18)
    app.include_router(webhooks.router, prefix="/api/v1")  # issue 18: Standard Webhooks
    rate_limits.document(app, distributor_system)
    contract.install(app)  # the partner document: /api/v1/openapi.json, /api/v1/docs
