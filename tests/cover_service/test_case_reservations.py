"""Art. 5.2: accepting a case holds one of its pot's cases; a closure gives it back; a decision
turns it into a counted case."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.claims.submit import submit_claim
from cybercare.cover.pots import PotLimitExceeded
from cybercare.cover.service import household_pots, release_case, reserve_case
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.claims.builders import (
    catalog,
    erep_evidence,
    erep_submission,
    open_claim_case,
    setup_world,
)


def _erep(uow: object, affiliation_id: str) -> object:
    pots = household_pots(uow, affiliation_id, catalog(), date(2026, 11, 27))  # type: ignore[arg-type]
    return {p.pot: p for p in pots}["EREP_POT"]


def test_art_5_2_accepted_cases_hold_the_case_limit_until_closed_or_counted(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        cases = [
            open_claim_case(uow, world, clock, "EREP", discovery=date(2026, 11, 1 + i))
            for i in range(4)
        ]
        for case_id in cases[:3]:
            view = reserve_case(
                uow,
                case_id=case_id,
                affiliation_id=world.affiliation_id,
                guarantee="EREP",
                incident_date=date(2026, 11, 1),
                catalog=catalog(),
                at=clock.now(),
            )
            assert view is not None
        again = reserve_case(
            uow,
            case_id=cases[0],
            affiliation_id=world.affiliation_id,
            guarantee="EREP",
            incident_date=date(2026, 11, 1),
            catalog=catalog(),
            at=clock.now(),
        )
        assert again is not None and again.cases_reserved == 3  # idempotent
        with pytest.raises(PotLimitExceeded):
            reserve_case(
                uow,
                case_id=cases[3],
                affiliation_id=world.affiliation_id,
                guarantee="EREP",
                incident_date=date(2026, 11, 1),
                catalog=catalog(),
                at=clock.now(),
            )
        release_case(uow, cases[2], at=clock.now())
        pot = _erep(uow, world.affiliation_id)
        assert (pot.cases_reserved, pot.cases_left) == (2, 1)  # type: ignore[attr-defined]
        view = submit_claim(
            uow, world.member, cases[0], erep_submission(50_000), catalog(), clock, erep_evidence()
        )
        assert view.outcome == "accepted"
        pot = _erep(uow, world.affiliation_id)
        assert (pot.cases_used, pot.cases_reserved, pot.used_cents) == (1, 1, 50_000)  # type: ignore[attr-defined]
        assert (
            reserve_case(
                uow,
                case_id=cases[0],
                affiliation_id=world.affiliation_id,
                guarantee="IDT",
                incident_date=date(2026, 11, 1),
                catalog=catalog(),
                at=clock.now(),
            )
            is None
        )
