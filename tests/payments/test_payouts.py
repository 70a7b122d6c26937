"""Payouts: unknown IBANs go to a handler, SEPA pain.001 files validate against ISO 20022, and
the ledger follows the money (claims payable settled from the bank)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import xmlschema

from cybercare.claims.submit import submit_claim
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance
from cybercare.payments import service as payments
from cybercare.payments.domain import PayoutMoveRefused, PayoutStatus
from cybercare.payments.sepa import (
    PaymentFileInvalid,
    Transfer,
    build_pain001,
    schema_path,
    validate_pain001,
)
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import (
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_pain001_file_validates_against_the_iso_20022_schema() -> None:
    pain = build_pain001(
        "PF-TEST-1",
        PAYOUT_ACCOUNT,
        [Transfer("pay_1", "An Peeters", "BE71096123456769", 40_000, "Cyber Care clm_1")],
        date(2026, 12, 1),
        AT,
    )
    xmlschema.XMLSchema(schema_path()).validate(pain.xml.decode())
    assert b"<MsgId>PF-TEST-1</MsgId>" in pain.xml
    assert b"<CtrlSum>400.00</CtrlSum>" in pain.xml
    assert b"<EndToEndId>pay-1</EndToEndId>" in pain.xml  # EPC identifier set


def test_an_invalid_payment_file_is_refused() -> None:
    pain = build_pain001(
        "PF-TEST-2",
        PAYOUT_ACCOUNT,
        [Transfer("pay_1", "An Peeters", "BE71096123456769", 40_000, "x")],
        date(2026, 12, 1),
        AT,
    )
    with pytest.raises(PaymentFileInvalid):
        validate_pain001(pain.xml.replace(b"<CtrlSum>400.00</CtrlSum>", b"<CtrlSum>x</CtrlSum>"))


def test_unknown_iban_goes_to_review_then_known_iban_is_scheduled(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        first = submit_claim(
            uow,
            world.member,
            open_claim_case(uow, world, clock, "ECOM"),
            ecom_submission(10_000),
            catalog(),
            clock,
            ecom_evidence(),
        )
        assert first.payouts[0].status is PayoutStatus.PENDING_REVIEW
        assert [p.payout_id for p in payments.pending_review(uow)] == [first.payouts[0].payout_id]
        with pytest.raises(PayoutMoveRefused):
            payments.mark_returned(
                uow, first.payouts[0].payout_id, "x", on=clock.today(), at=clock.now()
            )
        payments.approve_payout(
            uow, first.payouts[0].payout_id, actor=world.handler.actor, at=clock.now()
        )
        second = submit_claim(
            uow,
            world.member,
            open_claim_case(uow, world, clock, "ECOM", discovery=date(2026, 11, 21)),
            ecom_submission(20_000),
            catalog(),
            clock,
            ecom_evidence(),
        )
        assert second.payouts[0].status is PayoutStatus.SCHEDULED

        file = payments.create_payment_file(
            uow,
            actor="test",
            execution_date=date(2026, 11, 30),
            at=clock.now(),
            debtor=PAYOUT_ACCOUNT,
        )
        assert file is not None
        assert (file.count, file.total_cents) == (2, 30_000)
        validate_pain001(file.xml)
        assert (
            payments.create_payment_file(
                uow,
                actor="test",
                execution_date=date(2026, 11, 30),
                at=clock.now(),
                debtor=PAYOUT_ACCOUNT,
            )
            is None
        )
        assert (
            payments.mark_file_paid(uow, file.file_id, on=date(2026, 11, 30), at=clock.now()) == 2
        )
        assert balance(uow, Account.BANK).net_debit_cents == -30_000
        assert balance(uow, Account.CLAIMS_PAYABLE, world.household_id).net_debit_cents == 0
        returned = payments.mark_returned(
            uow, second.payouts[0].payout_id, "account closed", on=clock.today(), at=clock.now()
        )
        assert returned.status is PayoutStatus.RETURNED
        assert balance(uow, Account.CLAIMS_PAYABLE, world.household_id).net_debit_cents == -20_000
