"""Payouts that finish (issue 15): only the bank's statement makes a payout paid, once; a
return reopens it and asks the member for another account; the account the member gives is
checked and paid by a new payout; nobody else may give it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cybercare.claims.submit import submit_claim
from cybercare.db.tables import OutboxMessage, PayoutRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance
from cybercare.payments import service as payments
from cybercare.payments.domain import PayoutStatus
from cybercare.payments.repository import PayoutNotFound
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import (
    World,
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)

EXECUTED = date(2026, 11, 30)
OTHER_IBAN = "BE68539007547034"


def _filed_payout(uow: UnitOfWork, world: World, clock: FixedClock, cents: int) -> str:
    """An STP claim's payout, approved by a handler and put in a pain.001 file."""
    made = submit_claim(
        uow,
        world.member,
        open_claim_case(uow, world, clock, "ECOM"),
        ecom_submission(cents),
        catalog(),
        clock,
        ecom_evidence(),
    )
    payout_id = made.payouts[0].payout_id
    payments.approve_payout(uow, payout_id, actor=world.handler.actor, at=clock.now())
    assert payments.create_payment_file(
        uow, actor="test", execution_date=EXECUTED, at=clock.now(), debtor=PAYOUT_ACCOUNT
    )
    return payout_id


def _status(uow: UnitOfWork, payout_id: str) -> str:
    return str(uow.session.scalar(select(PayoutRow.status).where(PayoutRow.id == payout_id)))


def test_art_8_4_a_statement_read_twice_pays_the_payout_once(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        payout_id = _filed_payout(uow, world, clock, 10_000)
        for _ in range(2):
            assert payments.confirm_payout_executed(
                uow, payout_id, amount_cents=10_000, on=EXECUTED, at=clock.now()
            )
        assert _status(uow, payout_id) == "paid"
        assert balance(uow, Account.BANK).net_debit_cents == -10_000
        assert balance(uow, Account.CLAIMS_PAYABLE, world.household_id).net_debit_cents == 0
        assert not payments.confirm_payout_executed(
            uow, "pay_unknown", amount_cents=10_000, on=EXECUTED, at=clock.now()
        )


def test_a_batch_debit_pays_its_file_once_and_a_wrong_amount_books_nothing(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        payout_id = _filed_payout(uow, world, clock, 12_000)
        file_id = uow.session.scalar(
            select(PayoutRow.payment_file_id).where(PayoutRow.id == payout_id)
        )
        assert file_id is not None
        with pytest.raises(payments.PayoutAmountMismatch):
            payments.confirm_payment_file_executed(
                uow, file_id, amount_cents=11_999, on=EXECUTED, at=clock.now()
            )
        assert _status(uow, payout_id) == "in_file"
        for _ in range(2):
            assert payments.confirm_payment_file_executed(
                uow, file_id, amount_cents=12_000, on=EXECUTED, at=clock.now()
            )
        assert balance(uow, Account.BANK).net_debit_cents == -12_000
        assert not payments.confirm_payment_file_executed(
            uow, "PF-NOT-OURS", amount_cents=12_000, on=EXECUTED, at=clock.now()
        )


def test_a_returned_payout_is_reopened_and_the_member_asked_for_another_account(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        payout_id = _filed_payout(uow, world, clock, 10_000)
        payments.confirm_payout_executed(
            uow, payout_id, amount_cents=10_000, on=EXECUTED, at=clock.now()
        )
        for _ in range(2):  # the return read twice reverses once
            assert payments.return_payout(
                uow, payout_id, reason_code="AC04", amount_cents=10_000, on=EXECUTED, at=clock.now()
            )
        assert _status(uow, payout_id) == "returned"
        assert balance(uow, Account.BANK).net_debit_cents == 0
        assert balance(uow, Account.CLAIMS_PAYABLE, world.household_id).net_debit_cents == -10_000
        asked = uow.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dedupe_key == f"email:payout:{payout_id}:another_account"
            )
        ).all()
        assert len(asked) == 1
        assert asked[0].payload["to"] == "an@x.be"
        assert f"/portal/payouts/{payout_id}/account" in asked[0].payload["text"]
        assert "AC04" in asked[0].payload["text"]

        new = payments.give_another_account(
            uow,
            payout_id,
            household_id=world.household_id,
            iban="BE68 5390 0754 7034",
            holder_name="An Peeters",
            actor=world.member.actor,
            at=clock.now(),
        )
        assert (new.status, new.amount_cents, new.iban) == (
            PayoutStatus.SCHEDULED,
            10_000,
            OTHER_IBAN,
        )
        assert new.replaces_payout_id == payout_id
        assert _status(uow, payout_id) == "replaced"
        assert payments.payouts_total(uow, new.claim_id) == 10_000


def test_art_11_3_another_household_cannot_give_an_account_for_the_payout(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        stranger = setup_world(uow, clock, tag="2")
        payout_id = _filed_payout(uow, world, clock, 10_000)
        payments.return_payout(
            uow, payout_id, reason_code="AC04", amount_cents=10_000, on=EXECUTED, at=clock.now()
        )
        with pytest.raises(PayoutNotFound):
            payments.give_another_account(
                uow,
                payout_id,
                household_id=stranger.household_id,
                iban=OTHER_IBAN,
                holder_name="Thief",
                actor=stranger.member.actor,
                at=clock.now(),
            )
        with pytest.raises(InvalidInput):
            payments.give_another_account(
                uow,
                payout_id,
                household_id=world.household_id,
                iban="BE00 0000 0000 0000",
                holder_name="An Peeters",
                actor=world.member.actor,
                at=clock.now(),
            )
        assert _status(uow, payout_id) == "returned"


def test_a_pain002_rejection_of_a_filed_payout_is_a_return(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        payout_id = _filed_payout(uow, world, clock, 10_000)
        assert payments.reject_payout(
            uow, payout_id.replace("_", "-"), reason_code="AC01", on=EXECUTED, at=clock.now()
        )
        assert _status(uow, payout_id) == "returned"
        assert balance(uow, Account.BANK).net_debit_cents == 0  # nothing was booked as paid
        assert not payments.reject_payout(
            uow, "pay-UNKNOWN", reason_code="AC01", on=EXECUTED, at=clock.now()
        )
