"""Art. 8.5: "After paying ECOM or PAYF, the insurer takes over the member's rights against the
seller or fraudster (subrogation) up to the amount paid." Recovery files on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from cybercare.audit.trail import events_for
from cybercare.claims import repository as claims
from cybercare.claims.recovery import repository as files
from cybercare.claims.subrogation import RecoveryRefused, RecoveryStatus, communication_for
from cybercare.claims.subrogation_service import (
    NoCounterpartyAddress,
    open_recovery_files_for_paid_claims,
    record_manual_recovery,
    record_recovery_payment,
    send_demand,
    set_counterparty,
    write_off,
)
from cybercare.db.uow import Database, UnitOfWork
from cybercare.identity.domain import RoleRequired
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from tests.recoveries.builders import paid_ecom_claim

AT = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
ON = date(2026, 12, 10)


def _only_file(uow: UnitOfWork, claim_id: str) -> int:
    return int(
        uow.session.execute(
            text("SELECT id FROM recovery_files WHERE claim_id = :c"), {"c": claim_id}
        ).scalar_one()
    )


def _bank(uow: UnitOfWork, file_id: int, cents: int, reference: str) -> bool:
    return record_recovery_payment(
        uow,
        structured_communication=communication_for(file_id),
        amount_cents=cents,
        bank_reference=reference,
        on=ON,
        at=AT,
    )


def test_art_8_5_a_paid_ecom_claim_opens_one_recovery_file_up_to_the_amount_paid(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        _, _unpaid = paid_ecom_claim(uow, clock, 30_000, paid=False, tag="u")
        assert open_recovery_files_for_paid_claims(uow, at=AT) == 0  # not paid yet: no file
        _, claim_id = paid_ecom_claim(uow, clock, 40_000)
        assert open_recovery_files_for_paid_claims(uow, at=AT) == 1
        assert open_recovery_files_for_paid_claims(uow, at=AT) == 0  # the sweep is idempotent
        loaded = files.load(uow, _only_file(uow, claim_id))
        assert (loaded.file.paid_cents, loaded.file.status) == (40_000, RecoveryStatus.OPEN)
        assert [e.action for e in events_for(uow, "claim", claim_id)][-1] == "recovery.opened"


def test_art_8_5_the_bank_transfer_with_the_files_communication_is_booked_once_per_claim(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        _, claim_id = paid_ecom_claim(uow, clock, 40_000)
        open_recovery_files_for_paid_claims(uow, at=AT)
        file_id = _only_file(uow, claim_id)
        assert _bank(uow, file_id, 15_000, "BANKREF-1")
        assert _bank(uow, file_id, 15_000, "BANKREF-1")  # the same statement line again
        assert not record_recovery_payment(
            uow,
            structured_communication="+++000/0000/00097+++",
            amount_cents=1,
            bank_reference="X",
            on=ON,
            at=AT,
        )
        loaded = files.load(uow, file_id)
        assert loaded.file.status == RecoveryStatus.PARTLY_RECOVERED
        assert loaded.file.recovered_cents == 15_000
        assert claims.get(uow, claim_id).recovered_cents == 15_000
        assert balance(uow, Account.RECOVERIES, claim_id).credit_cents == 15_000
        assert unbalanced_entries(uow) == []
        pot_report = uow.session.execute(text("SELECT sum(recovered_cents) FROM pot_years"))
        assert pot_report.scalar_one() == 15_000  # reported on the pot year, not refilled
        assert _bank(uow, file_id, 25_000, "BANKREF-2")
        assert files.load(uow, file_id).file.status == RecoveryStatus.RECOVERED


def test_art_8_5_recovery_never_exceeds_the_amount_paid(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world, claim_id = paid_ecom_claim(uow, clock, 40_000)
        open_recovery_files_for_paid_claims(uow, at=AT)
        file_id = _only_file(uow, claim_id)
        assert _bank(uow, file_id, 30_000, "BANKREF-1")
        with pytest.raises(RecoveryRefused, match="at most the amount paid"):
            _bank(uow, file_id, 10_001, "BANKREF-2")
        with pytest.raises(RecoveryRefused):
            record_manual_recovery(
                uow, world.handler, file_id, amount_cents=10_001, received_on=ON, at=AT
            )
        assert balance(uow, Account.RECOVERIES, claim_id).credit_cents == 30_000
        uow.commit()
    with pytest.raises(Exception, match="recovery_within_paid"), db.uow() as uow:
        uow.session.execute(
            text("UPDATE recovery_files SET recovered_cents = paid_cents + 1 WHERE id = :i"),
            {"i": file_id},
        )
        uow.session.flush()


def test_art_8_5_a_written_off_file_takes_no_more_money(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world, claim_id = paid_ecom_claim(uow, clock, 40_000)
        open_recovery_files_for_paid_claims(uow, at=AT)
        file_id = _only_file(uow, claim_id)
        record_manual_recovery(
            uow, world.handler, file_id, amount_cents=5_000, received_on=ON, at=AT
        )
        written = write_off(uow, world.handler, file_id, reason="seller insolvent", at=AT)
        assert (written.status, written.outstanding_cents) == (RecoveryStatus.WRITTEN_OFF, 35_000)
        with pytest.raises(RecoveryRefused, match="written_off"):
            _bank(uow, file_id, 1_000, "LATE")
        with pytest.raises(RoleRequired):
            write_off(uow, world.member, file_id, reason="x", at=AT)
        assert balance(uow, Account.RECOVERIES, claim_id).credit_cents == 5_000
        assert unbalanced_entries(uow) == []


def test_art_8_5_the_demand_goes_to_the_counterparty_when_known(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world, claim_id = paid_ecom_claim(uow, clock, 40_000)
        open_recovery_files_for_paid_claims(uow, at=AT)
        file_id = _only_file(uow, claim_id)
        with pytest.raises(NoCounterpartyAddress):
            send_demand(uow, world.handler, file_id, at=AT)
        set_counterparty(
            uow,
            world.handler,
            file_id,
            name="Shop BV",
            iban="BE71 0961 2345 6769",
            email="billing@shop.example",
            at=AT,
        )
        demanded = send_demand(uow, world.handler, file_id, at=AT)
        assert demanded.status == RecoveryStatus.DEMANDED
        mail = uow.session.execute(
            text("SELECT payload FROM outbox_messages WHERE dedupe_key LIKE 'email:recovery-%'")
        ).scalar_one()
        assert "billing@shop.example" in str(mail)
        assert communication_for(file_id) in str(mail)
