"""The sandbox's test clocks (issue 18): test-mode API keys only (`cck_test_…`), each
distributor sees its own clocks (another's answers 404). Every POST is idempotent
(Idempotency-Key). An advance is recorded (202, `status: advancing`) and walked day by day
after the answer; GET shows where it stands (docs/partner-sandbox.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Response, status

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent
from cybercare.api.problems import PROBLEM_JSON
from cybercare.api.schemas.test_clocks import (
    TestClockAdvance,
    TestClockAttach,
    TestClockCreate,
    TestClockRead,
    test_clock_read,
)
from cybercare.bootstrap import Container
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Forbidden
from cybercare.partners.distributors import TEST_KEY_ID, DistributorPrincipal
from cybercare.sandbox import service
from cybercare.sandbox.domain import TestClock

router = APIRouter(tags=["sandbox"])


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {}}}


_COMMON: dict[int | str, dict[str, Any]] = {
    401: _problem("No API key, or an unknown or revoked one"),
    403: _problem("A live API key: test clocks exist in the sandbox only"),
    404: _problem("No such test clock among this distributor's"),
    422: _problem("A field at fault (named as a JSON pointer)"),
}
_POST: dict[int | str, dict[str, Any]] = {
    **_COMMON,
    400: _problem("A missing or malformed Idempotency-Key"),
    409: _problem("The Idempotency-Key is in flight, or reused with another body; or a conflict"),
}


def _sandbox_only(
    principal: Annotated[DistributorPrincipal, Depends(distributor_system)],
) -> DistributorPrincipal:
    if not principal.api_key_id.startswith(f"{TEST_KEY_ID}_"):
        raise Forbidden(
            "test clocks live in the sandbox: use a test-mode API key (cck_test_…)",
            code="sandbox.test_key_required",
        )
    return principal


Sandboxed = Annotated[DistributorPrincipal, Depends(_sandbox_only)]


def _read(uow: UnitOfWork, clock: TestClock) -> TestClockRead:
    return test_clock_read(clock, service.affiliations_on(uow, clock.distributor, clock.id))


def _walk(container: Container, clock_id: str) -> None:
    service.walk(container.database, container.catalog, container.settings.creditor, clock_id)


@router.post(
    "/test-clocks",
    status_code=status.HTTP_201_CREATED,
    response_model=TestClockRead,
    operation_id="createTestClock",
    summary="Create a sandbox test clock",
    responses=_POST,
)
def create_test_clock(
    body: TestClockCreate, principal: Sandboxed, idempotent: Idempotent, container: ContainerDep
) -> Response:
    """A new test clock, frozen at `frozen_time` (default now)."""

    def run(uow: UnitOfWork) -> TestClockRead:
        created = service.create_test_clock(
            uow,
            distributor=principal.code,
            name=body.name,
            frozen_time=body.frozen_time,
            clock=container.clock,
            actor=principal.actor,
        )
        return test_clock_read(created, [])

    return idempotent.respond_json(
        container, 201, run, lambda made: f"/api/v1/test-clocks/{made.id}"
    )


@router.get(
    "/test-clocks",
    response_model=list[TestClockRead],
    operation_id="listTestClocks",
    summary="List the sandbox test clocks",
    responses=_COMMON,
)
def list_test_clocks(principal: Sandboxed, container: ContainerDep) -> list[TestClockRead]:
    """This distributor's test clocks, oldest first."""
    with container.database.reader() as uow:
        return [_read(uow, c) for c in service.list_test_clocks(uow, principal.code)]


@router.get(
    "/test-clocks/{test_clock_id}",
    response_model=TestClockRead,
    operation_id="getTestClock",
    summary="Read a test clock",
    responses=_COMMON,
)
def get_test_clock(
    test_clock_id: str, principal: Sandboxed, container: ContainerDep
) -> TestClockRead:
    """One test clock: its time, and whether an advance is still running."""
    with container.database.reader() as uow:
        return _read(uow, service.get_test_clock(uow, principal.code, test_clock_id))


@router.post(
    "/test-clocks/{test_clock_id}/affiliations",
    response_model=TestClockRead,
    operation_id="attachAffiliationToTestClock",
    summary="Put a sandbox affiliation on a test clock",
    responses=_POST,
)
def attach_affiliation(
    test_clock_id: str,
    body: TestClockAttach,
    principal: Sandboxed,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """Put one of this distributor's sandbox affiliations on the clock: its daily jobs run
    when the clock advances. (Subscribing with the `Cybercare-Test-Clock` header attaches the
    new affiliation at once.)"""

    def run(uow: UnitOfWork) -> TestClockRead:
        clock = service.attach_affiliation(
            uow,
            distributor=principal.code,
            clock_id=test_clock_id,
            affiliation_id=body.affiliation_id,
            clock=container.clock,
            actor=principal.actor,
        )
        return _read(uow, clock)

    return idempotent.respond_json(container, 200, run)


@router.post(
    "/test-clocks/{test_clock_id}/advance",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=TestClockRead,
    operation_id="advanceTestClock",
    summary="Advance a test clock",
    responses=_POST,
)
def advance_test_clock(
    test_clock_id: str,
    body: TestClockAdvance,
    principal: Sandboxed,
    idempotent: Idempotent,
    container: ContainerDep,
    background: BackgroundTasks,
) -> Response:
    """Move the clock forward to `frozen_time` (never back; 731 days at most): the billing runs,
    direct debits, formal notices, suspensions, terminations, renewals and service-level
    breaches of its affiliations happen day by day as they would have, with their feed events
    and webhooks. Answers 202 at once (`status: advancing`); poll GET until `ready`."""

    def run(uow: UnitOfWork) -> TestClockRead:
        clock = service.request_advance(
            uow,
            distributor=principal.code,
            clock_id=test_clock_id,
            to=body.frozen_time,
            clock=container.clock,
            actor=principal.actor,
        )
        return _read(uow, clock)

    response = idempotent.respond_json(container, 202, run)
    if response.status_code == 202:
        background.add_task(_walk, container, test_clock_id)
    return response
