"""Closing a case (Art. 5.2): refused while one of its claims waits; a decided case gives back
nothing it counted."""

from __future__ import annotations

import pytest

from cybercare.assistance import service as cases
from cybercare.assistance import workstreams
from cybercare.assistance.domain import StateConflict
from cybercare.claims.service import submit_claim
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.claims.builders import (
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)


def _close_workstreams(uow: object, world: object, case_id: str, clock: FixedClock) -> None:
    view = cases.read_case(uow, world.agent, case_id, clock, log_purpose=None)  # type: ignore[arg-type, attr-defined]
    for ws in view.workstreams:
        workstreams.take_workstream(uow, world.agent, ws.workstream_id, clock)  # type: ignore[arg-type, attr-defined]
        workstreams.close_workstream(uow, world.agent, ws.workstream_id, "done", clock)  # type: ignore[arg-type, attr-defined]


def test_art_5_2_a_case_with_a_claim_waiting_for_a_handler_cannot_be_closed(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(400_000), catalog(), clock, ecom_evidence()
        )
        assert view.status.value == "in_review"
        _close_workstreams(uow, world, case_id, clock)
        with pytest.raises(StateConflict) as refused:
            cases.close_case(uow, world.agent, case_id, "service delivered", clock)
        assert refused.value.params["pending_claims"] == [view.claim_id]


def test_a_case_whose_claims_are_decided_closes(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(20_000), catalog(), clock, ecom_evidence()
        )
        assert view.status.value == "decided"
        _close_workstreams(uow, world, case_id, clock)
        closed = cases.close_case(uow, world.agent, case_id, "service delivered", clock)
        assert closed.status == "closed"
