"""Handler paths: the queue with the engine's trace, four eyes above the authority limit,
reopening with the history kept, and subrogation recoveries (Art. 8.5)."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.claims.approve import approve_claim
from cybercare.claims.decide import HandlerDecision, decide_claim, handler_queue
from cybercare.claims.domain import FourEyesViolation, HandlerOutcome
from cybercare.claims.recover import record_recovery
from cybercare.claims.reopen import reopen_claim
from cybercare.claims.submit import submit_claim
from cybercare.cover.service import household_pots
from cybercare.db.uow import Database
from cybercare.identity.domain import RoleRequired
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.payments import service as payments
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import (
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)


def _pot(uow: object, world: object, code: str = "ONLINE_PURCHASE_POT") -> object:
    pots = household_pots(uow, world.affiliation_id, catalog(), date(2026, 11, 27))  # type: ignore[arg-type, attr-defined]
    return {p.pot: p for p in pots}[code]


def test_art_7_2_breach_goes_to_handler_with_trace_never_declined(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        submission = ecom_submission(40_000)
        facts = submission.circumstances
        breached = ecom_submission(
            40_000,
            circumstances=type(facts)(
                obligations_respected=facts.obligations_respected
                - {"credentials_kept_in_household"},
                obligations_breached=frozenset({"credentials_kept_in_household"}),
                seller_professional=True,
                written_claim_sent=True,
                promised_delivery_date=facts.promised_delivery_date,
            ),
        )
        view = submit_claim(uow, world.member, case_id, breached, catalog(), clock, ecom_evidence())
        assert view.status == "in_review"
        assert view.queue_reason == "engine.needs_review"
        assert view.payouts == ()
        queue = handler_queue(uow, world.handler)
        assert [c.claim_id for c in queue] == [view.claim_id]
        assert queue[0].decision is not None
        assert any(step["code"] == "obligation.breached" for step in queue[0].decision.trace)
        assert _pot(uow, world).reserved_cents == 40_000  # held while reviewed
        with pytest.raises(RoleRequired):
            handler_queue(uow, world.member)
        decided = decide_claim(
            uow,
            world.handler,
            view.claim_id,
            HandlerDecision(HandlerOutcome.PARTIALLY_ACCEPTED, 20_000, "reduced: Art. 7.2"),
            catalog(),
            clock,
        )
        assert (decided.status, decided.outcome, decided.payable_cents) == (
            "decided",
            "partially_accepted",
            20_000,
        )
        pot = _pot(uow, world)
        assert (pot.used_cents, pot.reserved_cents, pot.cases_used) == (20_000, 0, 1)
        assert decided.decision is not None
        assert any(n.article == "Art. 10.1" for n in decided.decision.notices)


def test_four_eyes_above_authority_limit_refuses_the_same_person_twice(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(300_000), catalog(), clock, ecom_evidence()
        )
        assert view.queue_reason == "claims.above_auto_pay_ceiling"
        pending = decide_claim(
            uow,
            world.handler,
            view.claim_id,
            HandlerDecision(HandlerOutcome.ACCEPTED, 300_000, "checked the invoice"),
            catalog(),
            clock,
        )
        assert pending.status == "awaiting_approval"
        assert pending.payouts == ()
        with pytest.raises(FourEyesViolation):
            approve_claim(uow, world.handler, view.claim_id, catalog(), clock)
        approved = approve_claim(uow, world.second, view.claim_id, catalog(), clock)
        assert approved.status == "decided"
        assert approved.payable_cents == 300_000
        final = approved.decision
        assert final is not None
        assert (final.decided_by, final.approved_by) == (world.handler.actor, world.second.actor)
        assert _pot(uow, world).used_cents == 300_000


def test_reopen_keeps_history_and_pays_only_the_difference(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(80_000), catalog(), clock, ecom_evidence()
        )
        assert view.payable_cents == 80_000
        reopened = reopen_claim(uow, world.handler, view.claim_id, "new invoice", catalog(), clock)
        assert reopened.status == "in_review"
        assert [d.state for d in reopened.decisions] == ["superseded", "superseded"]
        pot = _pot(uow, world)
        assert (pot.used_cents, pot.reserved_cents) == (0, 80_000)
        with pytest.raises(Exception, match="already paid out"):
            decide_claim(
                uow,
                world.handler,
                view.claim_id,
                HandlerDecision(HandlerOutcome.PARTIALLY_ACCEPTED, 50_000, "lower"),
                catalog(),
                clock,
            )
        again = decide_claim(
            uow,
            world.handler,
            view.claim_id,
            HandlerDecision(HandlerOutcome.ACCEPTED, 80_000, "confirmed"),
            catalog(),
            clock,
        )
        assert again.status == "decided"
        assert len(again.decisions) == 3
        assert sum(p.amount_cents for p in again.payouts) == 80_000
        pot = _pot(uow, world)
        assert (pot.used_cents, pot.reserved_cents, pot.cases_used) == (80_000, 0, 1)
        assert balance(uow, Account.CLAIMS_EXPENSE, world.household_id).net_debit_cents == 80_000


def test_art_8_5_recovery_recorded_against_the_claim_up_to_the_amount_paid(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(40_000), catalog(), clock, ecom_evidence()
        )
        payout = view.payouts[0]
        payments.approve_payout(uow, payout.payout_id, actor=world.handler.actor, at=clock.now())
        file = payments.create_payment_file(
            uow,
            actor="test",
            execution_date=date(2026, 11, 30),
            at=clock.now(),
            debtor=PAYOUT_ACCOUNT,
        )
        assert file is not None
        payments.mark_file_paid(uow, file.file_id, on=date(2026, 11, 30), at=clock.now())
        with pytest.raises(Exception, match="at most the amount paid"):
            record_recovery(
                uow,
                world.handler,
                view.claim_id,
                amount_cents=40_001,
                source="shop",
                received_on=date(2026, 12, 10),
                catalog=catalog(),
                clock=clock,
            )
        recovered = record_recovery(
            uow,
            world.handler,
            view.claim_id,
            amount_cents=15_000,
            source="Shop BV",
            received_on=date(2026, 12, 10),
            catalog=catalog(),
            clock=clock,
        )
        assert (recovered.paid_cents, recovered.recovered_cents) == (40_000, 15_000)
        assert balance(uow, Account.RECOVERIES, view.claim_id).credit_cents == 15_000
        assert balance(uow, Account.BANK).net_debit_cents == 15_000 - 40_000
        assert balance(uow, Account.CLAIMS_PAYABLE, world.household_id).net_debit_cents == 0
        assert unbalanced_entries(uow) == []
