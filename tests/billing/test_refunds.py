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
from cybercare.product.catalog import Catalog
from tests.billing.builders import add_affiliation, end_affiliation


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
