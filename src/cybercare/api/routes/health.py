"""The probes: `/health` (kept as it was), `/health/live` (the process answers, no database)
and `/health/ready` (the database answers, its migrations are at head, a worker's heartbeat is
fresh), for load balancers and orchestrators (docs/operations-health.md). Public, and answering
words only: nothing about hosts, users or versions."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from cybercare.api.access import public
from cybercare.api.deps import ContainerDep
from cybercare.api.problems import problem
from cybercare.api.readiness import Readiness, check_readiness
from cybercare.bootstrap import Container
from cybercare.db.health import ping

router = APIRouter(tags=["health"], dependencies=[Depends(public)])

# The probe gives up on a database that does not answer within this (probes time out too).
READY_TIMEOUT_S = 2.0


class HealthRead(BaseModel):
    status: str
    database: str


class LiveRead(BaseModel):
    status: Literal["alive"] = "alive"


class ReadyRead(BaseModel):
    status: Literal["ready"] = "ready"
    checks: dict[str, str]


@router.get("/health", response_model=HealthRead)
def health(container: ContainerDep) -> HealthRead:
    """Liveness and database reachability."""
    return HealthRead(status="ok", database=ping(container.database))


# The probes are for operators, not part of the partner API's contract: left out of its schema.
@router.get("/health/live", response_model=LiveRead, include_in_schema=False)
async def live() -> LiveRead:
    """The process answers: on the event loop, without the database or a request thread."""
    return LiveRead()


@router.get("/health/ready", response_model=ReadyRead, include_in_schema=False)
async def ready(request: Request) -> ReadyRead | JSONResponse:
    """200 when this process can serve; 503 problem+json naming what is not ready. Async only
    to give up after `READY_TIMEOUT_S`: the checks run in a thread that is left to finish on
    its own when the database does not answer (the engine's connect timeout bounds it)."""
    container: Container = request.app.state.container
    fresh_for = timedelta(seconds=container.settings.worker_heartbeat_fresh_s)

    def check() -> Readiness:
        return check_readiness(container.database, container.clock, worker_fresh_for=fresh_for)

    try:
        with anyio.fail_after(READY_TIMEOUT_S):
            readiness = await anyio.to_thread.run_sync(check, abandon_on_cancel=True)
    except TimeoutError:
        readiness = Readiness("timeout")
    if readiness.ready:
        return ReadyRead(checks=readiness.checks)
    names = readiness.not_ready
    return problem(
        503,
        "Not ready",
        "Not ready: " + ", ".join(f"{name} ({readiness.checks[name]})" for name in names) + ".",
        code="not_ready",
        checks=readiness.checks,
        not_ready=names,
    )
