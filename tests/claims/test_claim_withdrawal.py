"""Withdrawing a claim before its decision (Art. 8.4), by the member or by an agent on the
member's behalf, under the access rules of Art. 11.3; its reservation on the pot (Art. 5) is
released and the withdrawal is audited in the same transaction."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.assistance.repository import notes_of
from cybercare.audit.trail import events_for
from cybercare.claims.approve import approve_claim
from cybercare.claims.claim import TRANSITIONS
from cybercare.claims.decide import HandlerDecision, decide_claim
from cybercare.claims.domain import ClaimNotDecidable, ClaimStatus, HandlerOutcome
from cybercare.claims.repository import ClaimNotFound
from cybercare.claims.submit import submit_claim
from cybercare.claims.withdraw import withdraw_claim
from cybercare.cover.service import household_pots
from cybercare.db.uow import Database
from cybercare.identity.domain import RoleRequired
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import CATALOG, open_case, run
from tests.claims.builders import ecom_evidence, ecom_submission, erep_evidence, erep_submission

TODAY = date(2026, 11, 27)


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return household_world(db, clock)


def _online_pot(db: Database, world: World) -> tuple[int, int]:
    with db.reader() as uow:
        pots = {p.pot: p for p in household_pots(uow, world.affiliation_id, CATALOG, TODAY)}
    online = pots["ONLINE_PURCHASE_POT"]
    return online.reserved_cents, online.cases_reserved


def _incomplete_ecom_claim(
    db: Database, clock: FixedClock, world: World, who: str = "affiliate"
) -> str:
    case_id = open_case(db, clock, world[who], world.person(who), "ECOM").case_id
    view = run(
        db,
        lambda uow: submit_claim(uow, world[who], case_id, ecom_submission(30_000), CATALOG, clock),
    )
    assert view.status is ClaimStatus.INCOMPLETE  # no evidence yet: it holds its proposal
    return view.claim_id


def _withdraw(db: Database, clock: FixedClock, who, claim_id: str, reason: str | None = None):  # type: ignore[no-untyped-def]
    return run(db, lambda uow: withdraw_claim(uow, who, claim_id, CATALOG, clock, reason=reason))


def test_member_withdraws_claim_before_decision_releases_the_reservation(
    db: Database, clock: FixedClock, world: World
) -> None:
    claim_id = _incomplete_ecom_claim(db, clock, world)
    assert _online_pot(db, world) == (30_000, 1)
    view = _withdraw(db, clock, world["affiliate"], claim_id, "Der Händler hat doch geliefert")
    assert view.status is ClaimStatus.WITHDRAWN
    assert (view.payable_cents, view.payouts) == (0, ())
    # the claim's money is free again; the case keeps its place until it is closed (Art. 5.2)
    assert _online_pot(db, world) == (0, 1)
    with db.reader() as uow:
        [event] = [e for e in events_for(uow, "claim", claim_id) if e.action == "claim.withdrawn"]
    assert event.actor == world["affiliate"].actor
    assert event.clause == "Art. 8.4"
    assert event.details["released_cents"] == 30_000
    assert event.details["by"] == "member"
    # the trail holds ids only (GDPR art. 5(1)(e)): the reason is a note on the case
    with db.reader() as uow:
        [note] = [
            n for n in notes_of(uow, view.case_id) if n.note_id == event.details["reason_note_id"]
        ]
    assert note.body == "Der Händler hat doch geliefert"


def test_withdrawing_a_withdrawn_claim_again_changes_nothing(
    db: Database, clock: FixedClock, world: World
) -> None:
    claim_id = _incomplete_ecom_claim(db, clock, world)
    _withdraw(db, clock, world["affiliate"], claim_id)
    again = _withdraw(db, clock, world["affiliate"], claim_id)
    assert again.status is ClaimStatus.WITHDRAWN
    with db.reader() as uow:
        actions = [e.action for e in events_for(uow, "claim", claim_id)]
    assert actions.count("claim.withdrawn") == 1


def test_agent_withdraws_claim_on_members_behalf(
    db: Database, clock: FixedClock, world: World
) -> None:
    """An agent taking the member's call withdraws the claim; the trail says how they asked."""
    claim_id = _incomplete_ecom_claim(db, clock, world)
    with pytest.raises(InvalidInput) as refused:
        _withdraw(db, clock, world["legal"], claim_id)
    assert refused.value.field == "reason"
    view = _withdraw(db, clock, world["legal"], claim_id, "An called on 27 November")
    assert view.status is ClaimStatus.WITHDRAWN
    assert _online_pot(db, world) == (0, 1)
    with db.reader() as uow:
        [event] = [e for e in events_for(uow, "claim", claim_id) if e.action == "claim.withdrawn"]
    assert (event.actor, event.details["by"]) == (world["legal"].actor, "staff")


def test_claims_handler_withdraws_a_claim_in_review_on_members_behalf(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id = open_case(db, clock, world["affiliate"], world.person("affiliate"), "ECOM").case_id
    view = run(  # above the auto-pay ceiling: a handler reviews it, holding the amount
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case_id,
            ecom_submission(150_000),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    assert view.status is ClaimStatus.IN_REVIEW
    assert _online_pot(db, world)[0] == 150_000
    done = _withdraw(db, clock, world["claims_handler"], view.claim_id, "Member's e-mail")
    assert done.status is ClaimStatus.WITHDRAWN
    assert done.queue_reason is None
    assert _online_pot(db, world)[0] == 0


def test_another_adult_may_not_withdraw(db: Database, clock: FixedClock, world: World) -> None:
    """Art. 11.3: An's claim is hers; Bram, her partner, does not even see it."""
    claim_id = _incomplete_ecom_claim(db, clock, world)
    with pytest.raises(ClaimNotFound):
        _withdraw(db, clock, world["partner"], claim_id)
    with pytest.raises(ClaimNotFound):
        _withdraw(db, clock, world["adult_child"], claim_id)
    assert _online_pot(db, world) == (30_000, 1)


def test_art_11_3_a_minors_legal_representative_withdraws_the_minors_claim(
    db: Database, clock: FixedClock, world: World
) -> None:
    case_id = open_case(db, clock, world["affiliate"], world.person("minor"), "EREP").case_id
    view = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case_id,
            erep_submission(150_000),
            CATALOG,
            clock,
            erep_evidence(),
        ),
    )
    assert view.status is not ClaimStatus.DECIDED
    with pytest.raises(ClaimNotFound):  # an adult who does not represent Dina
        _withdraw(db, clock, world["adult_child"], view.claim_id)
    done = _withdraw(db, clock, world["partner"], view.claim_id)  # Bram represents Dina too
    assert done.status is ClaimStatus.WITHDRAWN


def test_art_11_3_staff_outside_the_claims_work_may_not_withdraw(
    db: Database, clock: FixedClock, world: World
) -> None:
    claim_id = _incomplete_ecom_claim(db, clock, world)
    with pytest.raises(RoleRequired):
        _withdraw(db, clock, world["admin"], claim_id, "asked")


def test_decided_claim_cannot_be_withdrawn(db: Database, clock: FixedClock, world: World) -> None:
    case_id = open_case(db, clock, world["affiliate"], world.person("affiliate"), "ECOM").case_id
    view = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case_id,
            ecom_submission(40_000),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    assert view.status is ClaimStatus.DECIDED
    with pytest.raises(ClaimNotDecidable) as refused:
        _withdraw(db, clock, world["affiliate"], view.claim_id)
    assert refused.value.clause == "Art. 8.4"
    assert refused.value.params["move"] == "withdrawn"


def test_withdrawn_is_an_end_state() -> None:
    assert TRANSITIONS["withdrawn"].target is ClaimStatus.WITHDRAWN
    assert ClaimStatus.DECIDED not in TRANSITIONS["withdrawn"].sources
    assert all(ClaimStatus.WITHDRAWN not in move.sources for move in TRANSITIONS.values())


def test_a_decision_waiting_for_its_second_approval_is_superseded_by_the_withdrawal(
    db: Database, clock: FixedClock, world: World
) -> None:
    """Four eyes: a decision above the authority limit is not final until approved; the member
    may still withdraw, and the pending decision is never applied."""
    case_id = open_case(db, clock, world["affiliate"], world.person("affiliate"), "ECOM").case_id
    view = run(
        db,
        lambda uow: submit_claim(
            uow,
            world["affiliate"],
            case_id,
            ecom_submission(300_000),
            CATALOG,
            clock,
            ecom_evidence(),
        ),
    )
    accept = HandlerDecision(HandlerOutcome.ACCEPTED, 300_000, "bought and never delivered")
    pending = run(
        db,
        lambda uow: decide_claim(
            uow, world["claims_handler"], view.claim_id, accept, CATALOG, clock
        ),
    )
    assert pending.status is ClaimStatus.AWAITING_APPROVAL
    done = _withdraw(db, clock, world["affiliate"], view.claim_id)
    assert done.status is ClaimStatus.WITHDRAWN
    assert [d.state for d in done.decisions if d.kind == "handler"] == ["superseded"]
    assert _online_pot(db, world)[0] == 0
    with pytest.raises(ClaimNotDecidable):  # nothing left to approve
        run(
            db,
            lambda uow: approve_claim(uow, world["supervisor"], view.claim_id, CATALOG, clock),
        )
