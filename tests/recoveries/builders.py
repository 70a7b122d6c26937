"""A paid ECOM claim: the starting point of every recovery file (Art. 8.5)."""

from __future__ import annotations

from datetime import date

from cybercare.claims.submit import submit_claim
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.payments import service as payments
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import (
    World,
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)


def paid_ecom_claim(
    uow: UnitOfWork, clock: Clock, amount_cents: int = 40_000, *, paid: bool = True, tag: str = ""
) -> tuple[World, str]:
    """A world with an accepted ECOM claim; its payout confirmed paid by the bank if `paid`."""
    world = setup_world(uow, clock, tag=tag)
    case_id = open_claim_case(uow, world, clock, "ECOM")
    view = submit_claim(
        uow, world.member, case_id, ecom_submission(amount_cents), catalog(), clock, ecom_evidence()
    )
    if paid:
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
    return world, view.claim_id
