"""The request's container (`app.state.container`, set by `cybercare.app.create_app`).

A request carrying a test-mode API key (`cck_test_…`, issue 18) gets the sandbox's container
instead: its own database, so that a test key never reads or writes live data and a live key
never sees the sandbox (docs/partner-sandbox.md). With the `Cybercare-Test-Clock` header its
clock is that test clock's frozen time.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from cybercare.bootstrap import Container
from cybercare.kernel.errors import Unauthenticated
from cybercare.partners.distributors import is_test_key
from cybercare.sandbox.routing import TEST_CLOCK_HEADER, on_test_clock


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    token = _bearer(request)
    if token is None or not is_test_key(token):
        return container
    if container.sandbox is None:
        raise Unauthenticated("test-mode API keys need the sandbox, which this server does not run")
    clock_id = request.headers.get(TEST_CLOCK_HEADER)
    if clock_id is None:
        return container.sandbox
    found: Container | None = getattr(request.state, _ON_CLOCK, None)  # asked twice a request
    if found is None:
        found = on_test_clock(container.sandbox, token, clock_id)
        setattr(request.state, _ON_CLOCK, found)
    return found


_ON_CLOCK = "sandbox_container_on_test_clock"


ContainerDep = Annotated[Container, Depends(get_container)]
