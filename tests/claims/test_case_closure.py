"""Art. 5.2, a case's place in its pot's yearly case limit: a case accepted for its guarantee
holds one; it counts when an accepted claim or the help given counts it, and a duplicate, a
withdrawal or a case not covered gives it back. Closing is refused while a claim waits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import update

from cybercare.assistance import service as cases
from cybercare.assistance.domain import CaseAlreadyCounted, CaseOutcome, StateConflict
from cybercare.claims.decide import HandlerDecision, decide_claim
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import submit_claim
from cybercare.cover.service import CaseHolding, CaseLimitReached, household_pots, release_case
from cybercare.db.tables import CaseRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from tests.claims.builders import (
    World,
    catalog,
    close_workstreams,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)

SERVICE_DELIVERED = CaseOutcome.SERVICE_DELIVERED
DAY = date(2026, 11, 27)


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
        close_workstreams(uow, world, case_id, clock)
        with pytest.raises(StateConflict) as refused:
            cases.close_case(
                uow, world.agent, case_id, "help given", clock, SERVICE_DELIVERED, catalog()
            )
        assert refused.value.params["pending_claims"] == [view.claim_id]


def test_a_case_whose_claims_are_decided_closes(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(20_000), catalog(), clock, ecom_evidence()
        )
        assert view.status.value == "decided"
        close_workstreams(uow, world, case_id, clock)
        closed = cases.close_case(
            uow, world.agent, case_id, "help given", clock, SERVICE_DELIVERED, catalog()
        )
        assert closed.status == "closed"


# --- Art. 5.2: a case accepted for its guarantee holds one of the year's cases ----------------
# DATA_POT allows one case a year: the second DATA case of the year finds none left.


def _cases_in(uow: UnitOfWork, world: World, pot_code: str) -> tuple[int, int, int | None]:
    """A pot's yearly cases: used, reserved, left."""
    pots = {p.pot: p for p in household_pots(uow, world.affiliation_id, catalog(), DAY)}
    pot = pots[pot_code]
    return pot.cases_used, pot.cases_reserved, pot.cases_left


def _data_pot(uow: UnitOfWork, world: World) -> tuple[int, int, int | None]:
    return _cases_in(uow, world, "DATA_POT")


def _online_pot(uow: UnitOfWork, world: World) -> tuple[int, int, int | None]:
    return _cases_in(uow, world, "ONLINE_PURCHASE_POT")


def _close(uow: UnitOfWork, world: World, case_id: str, clock: FixedClock, outcome: CaseOutcome):  # type: ignore[no-untyped-def]
    close_workstreams(uow, world, case_id, clock)
    return cases.close_case(uow, world.agent, case_id, "closed", clock, outcome, catalog())


def test_art_5_2_a_case_accepted_for_its_guarantee_holds_one_of_the_years_cases(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "DATA")
        view = cases.read_case(uow, world.agent, case_id, clock, log_purpose=None)
        assert view.case_limit == CaseHolding("DATA_POT", False, True, 1, 0)
        assert _data_pot(uow, world) == (0, 1, 0)


def test_art_5_2_a_case_beyond_the_years_cases_is_helped_but_holds_none(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        open_claim_case(uow, world, clock, "DATA")
        second = open_claim_case(uow, world, clock, "DATA", discovery=date(2026, 11, 21))
        view = cases.read_case(uow, world.agent, second, clock, log_purpose=None)
        assert view.status == "triaged"  # helped: its workstreams are open
        assert view.case_limit is not None
        assert not view.case_limit.holds_a_case
        assert "case.case_limit_reached" in [e.event for e in view.timeline]
        assert _data_pot(uow, world) == (0, 1, 0)


def test_art_5_2_a_case_whose_help_was_given_counts_without_any_claim(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "DATA")
        closed = _close(uow, world, case_id, clock, SERVICE_DELIVERED)
        assert closed.closure_outcome == "service_delivered"
        assert closed.case_limit == CaseHolding("DATA_POT", True, False, 1, 0)
        assert _data_pot(uow, world) == (1, 0, 0)


@pytest.mark.parametrize(
    "outcome", [CaseOutcome.DUPLICATE, CaseOutcome.WITHDRAWN, CaseOutcome.NOT_COVERED]
)
def test_art_5_2_a_case_closed_without_help_gives_its_case_back(
    db: Database, clock: FixedClock, outcome: CaseOutcome
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "DATA")
        _close(uow, world, case_id, clock, outcome)
        assert _data_pot(uow, world) == (0, 0, 1)
        later = open_claim_case(uow, world, clock, "DATA", discovery=date(2026, 11, 21))
        view = cases.read_case(uow, world.agent, later, clock, log_purpose=None)
        assert view.case_limit is not None and view.case_limit.reserved


def test_art_5_2_a_case_holding_none_cannot_close_as_help_given_when_none_is_left(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        first = open_claim_case(uow, world, clock, "DATA")
        second = open_claim_case(uow, world, clock, "DATA", discovery=date(2026, 11, 21))
        _close(uow, world, first, clock, SERVICE_DELIVERED)
        close_workstreams(uow, world, second, clock)
        with pytest.raises(CaseLimitReached) as refused, uow.session.begin_nested():
            cases.close_case(uow, world.agent, second, "x", clock, SERVICE_DELIVERED, catalog())
        assert refused.value.clause == "Art. 5.2"
        closed = cases.close_case(
            uow, world.agent, second, "fourth case", clock, CaseOutcome.NOT_COVERED, catalog()
        )
        assert closed.status == "closed"
        assert _data_pot(uow, world) == (1, 0, 0)


def test_art_5_2_a_case_freed_by_another_counts_when_its_help_is_given(
    db: Database, clock: FixedClock
) -> None:
    """It held none when accepted; a duplicate closed since gave one back."""
    with db.uow() as uow:
        world = setup_world(uow, clock)
        first = open_claim_case(uow, world, clock, "DATA")
        second = open_claim_case(uow, world, clock, "DATA", discovery=date(2026, 11, 21))
        _close(uow, world, first, clock, CaseOutcome.DUPLICATE)
        _close(uow, world, second, clock, SERVICE_DELIVERED)
        assert _data_pot(uow, world) == (1, 0, 0)


def test_art_5_2_a_case_moved_to_a_guarantee_without_a_pot_gives_back_what_it_held(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "DATA")
        moved = cases.triage_case(uow, world.agent, case_id, "IDT", catalog(), clock)
        assert moved.case_limit is None
        assert _data_pot(uow, world) == (0, 0, 1)


def test_art_5_2_a_case_its_accepted_claim_counted_is_not_counted_twice(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(20_000), catalog(), clock, ecom_evidence()
        )
        assert view.status.value == "decided"
        closed = _close(uow, world, case_id, clock, SERVICE_DELIVERED)
        assert closed.case_limit is not None and closed.case_limit.counted
        online = {p.pot: p for p in household_pots(uow, world.affiliation_id, catalog(), DAY)}
        assert online["ONLINE_PURCHASE_POT"].cases_used == 1


def test_art_5_2_a_declined_claim_leaves_the_case_its_place_until_the_case_closes(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        private_seller = ecom_submission(
            20_000,
            circumstances=replace(ecom_submission().circumstances, seller_professional=False),
        )
        view = submit_claim(
            uow, world.member, case_id, private_seller, catalog(), clock, ecom_evidence()
        )
        assert view.queue_reason == "engine.proposes_decline"
        decision = HandlerDecision(HandlerOutcome.DECLINED, 0, "bought from a private seller")
        declined = decide_claim(uow, world.handler, view.claim_id, decision, catalog(), clock)
        assert declined.outcome == "declined"
        assert _online_pot(uow, world) == (0, 1, 2)  # the case still holds its place
        _close(uow, world, case_id, clock, CaseOutcome.NOT_COVERED)
        assert _online_pot(uow, world) == (0, 0, 3)


@pytest.mark.parametrize(
    "outcome", [CaseOutcome.DUPLICATE, CaseOutcome.WITHDRAWN, CaseOutcome.NOT_COVERED]
)
def test_art_5_2_a_case_an_accepted_claim_counted_closes_only_as_help_given(
    db: Database, clock: FixedClock, outcome: CaseOutcome
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        submit_claim(
            uow, world.member, case_id, ecom_submission(20_000), catalog(), clock, ecom_evidence()
        )
        close_workstreams(uow, world, case_id, clock)
        with pytest.raises(CaseAlreadyCounted) as refused, uow.session.begin_nested():
            cases.close_case(uow, world.agent, case_id, "x", clock, outcome, catalog())
        assert refused.value.clause == "Art. 5.2"
        closed = cases.close_case(
            uow, world.agent, case_id, "refund paid", clock, SERVICE_DELIVERED, catalog()
        )
        assert closed.closure_outcome == "service_delivered"
        assert _online_pot(uow, world) == (1, 0, 2)


def test_art_5_2_an_incident_before_the_cover_holds_no_place_in_any_year(
    db: Database, clock: FixedClock
) -> None:
    """Issue 14: eligibility is judged on the incident date (Art. 3.4), so such a case is no
    longer opened at all: refused with the article of the cover's start, nothing held."""
    with db.uow() as uow:
        world = setup_world(uow, clock, start=date(2026, 11, 1))
        with pytest.raises(InvalidInput) as refused:
            open_claim_case(uow, world, clock, "DATA", discovery=date(2026, 10, 20))
        assert (refused.value.field, refused.value.clause) == ("discovery_date", "Art. 3.2")
        assert _data_pot(uow, world) == (0, 0, 1)


def test_art_5_2_a_case_accepted_before_cases_held_their_place_counts_when_closed(
    db: Database, clock: FixedClock
) -> None:
    """Cases opened before migration 0011 recorded no pot: their guarantee's pot is used."""
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "DATA")
        release_case(uow, case_id, at=clock.now())
        uow.session.execute(update(CaseRow).where(CaseRow.id == case_id).values(case_pot=None))
        assert _data_pot(uow, world) == (0, 0, 1)
        closed = _close(uow, world, case_id, clock, SERVICE_DELIVERED)
        assert closed.case_limit == CaseHolding("DATA_POT", True, False, 1, 0)
        assert _data_pot(uow, world) == (1, 0, 0)


def test_art_4_a_case_with_claims_keeps_its_guarantee(db: Database, clock: FixedClock) -> None:
    """Its claims drew on its guarantee's pot: moving it would count it in two pots."""
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        submit_claim(
            uow, world.member, case_id, ecom_submission(20_000), catalog(), clock, ecom_evidence()
        )
        with pytest.raises(StateConflict) as refused, uow.session.begin_nested():
            cases.triage_case(uow, world.agent, case_id, "DATA", catalog(), clock)
        assert refused.value.params == {"guarantee": "ECOM"}
        again = cases.triage_case(uow, world.agent, case_id, "ECOM", catalog(), clock)
        assert again.guarantee_code == "ECOM"
        assert _online_pot(uow, world) == (1, 0, 2) and _data_pot(uow, world) == (0, 0, 1)
