"""Art. 9.3: a withdrawal after the month was billed refunds the days after cover ended, pro
rata, once; the ledger gives back income and tax and owes the member the paid premium."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cybercare.billing import service
from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.db.tables import PremiumLineRow, RefundRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.policy.service import Actor, preview_withdrawal
from cybercare.product.catalog import Catalog
from tests.billing.builders import add_affiliation, end_affiliation

PROXIMUS = Actor("distributor:proximus:key_test", "proximus")


def test_art_9_3_withdrawal_refunds_the_billed_days_after_it_once(
    billing_db: Database, catalog: Catalog
) -> None:
    with billing_db.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_w", start_date=date(2026, 12, 1))
        uow.commit()
    run_billing(billing_db, catalog, FixedClock.on(date(2026, 12, 1)), Period(2026, 12))
    with billing_db.reader() as uow:
        line_id = uow.session.scalar(select(PremiumLineRow.id))
    paid = f"charge_id,outcome,amount,date\n{line_id},paid,4.99,2026-12-04\n"
    withdrawn_on = date(2026, 12, 11)
    clock = FixedClock.on(withdrawn_on)
    with billing_db.uow() as uow:
        service.import_payment_results(uow, "proximus", paid, clock)
        end_affiliation(uow, "aff_w", "withdrawn", withdrawn_on)
        assert service.refund_withdrawals(uow, catalog, clock) == 1
        assert service.refund_withdrawals(uow, catalog, clock) == 0
        uow.commit()
    with billing_db.reader() as uow:
        refund = uow.session.scalars(select(RefundRow)).one()
        assert (refund.days, refund.gross_cents) == (21, 338)  # 499 * 21 / 31
        assert refund.net_cents + refund.tax_cents == refund.gross_cents
        assert refund.due_by == date(2027, 1, 10)  # within 30 days
        assert balance(uow, Account.REFUNDS_PAYABLE, "aff_w").credit_cents == 338
        assert unbalanced_entries(uow) == []


def test_art_9_3_the_withdrawal_preview_refunds_what_the_billing_run_charged(
    billing_db: Database, catalog: Catalog
) -> None:
    """The preview a distributor or the affiliate sees before confirming: the days of the
    billed month after the withdrawal, pro rata; the same figure the refund job will pay."""
    with billing_db.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_p", start_date=date(2026, 12, 1))
        uow.commit()
    withdrawn_on = date(2026, 12, 11)
    with billing_db.reader() as uow:
        before = preview_withdrawal(uow, PROXIMUS, "aff_p", withdrawn_on, catalog)
    assert before.refund_cents == 0  # nothing billed yet, nothing to give back
    run_billing(billing_db, catalog, FixedClock.on(date(2026, 12, 1)), Period(2026, 12))
    with billing_db.reader() as uow:
        after = preview_withdrawal(uow, PROXIMUS, "aff_p", withdrawn_on, catalog)
    assert after.refund_cents == 338  # 499 * 21 / 31, as the refund job computes it


def test_art_9_3_refund_covers_each_months_uncovered_days(
    billing_db: Database, catalog: Catalog
) -> None:
    """Start on 25 January, January (7 of 31 days: 1.13) and February (28 days: 4.99) billed,
    withdrawn on 28 January: January's 4 uncovered days of its 7 (0.65) and all of February,
    5.64; the preview and the refund job agree. Averaged over the 35 charged days it was 5.60."""
    with billing_db.uow() as uow:
        add_affiliation(uow, affiliation_id="aff_m", start_date=date(2027, 1, 25))
        uow.commit()
    run_billing(billing_db, catalog, FixedClock.on(date(2027, 1, 25)), Period(2027, 1))
    run_billing(billing_db, catalog, FixedClock.on(date(2027, 1, 26)), Period(2027, 2))
    withdrawn_on = date(2027, 1, 28)
    with billing_db.reader() as uow:
        charged = sorted(uow.session.scalars(select(PremiumLineRow.gross_cents)))
        preview = preview_withdrawal(uow, PROXIMUS, "aff_m", withdrawn_on, catalog)
    assert charged == [113, 499]
    assert (preview.refunded_days, preview.refund_cents) == (4 + 28, 65 + 499)
    clock = FixedClock.on(withdrawn_on)
    with billing_db.uow() as uow:
        end_affiliation(uow, "aff_m", "withdrawn", withdrawn_on)
        assert service.refund_withdrawals(uow, catalog, clock) == 2
        uow.commit()
    with billing_db.reader() as uow:
        refunds = sorted(uow.session.scalars(select(RefundRow.gross_cents)))
    assert refunds == [65, 499]
    assert sum(refunds) == preview.refund_cents
