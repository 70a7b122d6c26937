"""The billing run (Art. 9.1): one line per affiliation and month, pro rata by day at the edges,
set-based, idempotent; one balanced ledger entry per distributor and period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.db.tables import DistributorRow, LedgerEntryRow, PremiumLineRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.product.catalog import Catalog
from tests.billing.builders import (
    AT,
    add_affiliation,
    add_mandate,
    bulk_affiliations,
    end_affiliation,
)


def _lines(db: Database, period: str) -> dict[str, PremiumLineRow]:
    with db.reader() as uow:
        rows = list(
            uow.session.scalars(select(PremiumLineRow).where(PremiumLineRow.period == period))
        )
        uow.session.expunge_all()
        return {row.affiliation_id: row for row in rows}


def test_art_9_1_every_affiliation_gets_one_line_per_month_with_pro_rata_edges(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    with billing_db.uow() as uow:
        bulk_affiliations(uow, 7)
        add_affiliation(uow, affiliation_id="aff_starts_mid", start_date=date(2026, 12, 10))
        add_affiliation(uow, affiliation_id="aff_later", start_date=date(2027, 1, 1))
        add_affiliation(uow, affiliation_id="aff_withdrawn", start_date=date(2026, 6, 1))
        end_affiliation(uow, "aff_withdrawn", "withdrawn", date(2026, 12, 21))
        add_affiliation(uow, affiliation_id="aff_gone", start_date=date(2026, 6, 1))
        end_affiliation(uow, "aff_gone", "terminated", date(2026, 11, 30))
        add_affiliation(uow, affiliation_id="aff_debit", start_date=date(2026, 2, 1))
        add_mandate(uow, "aff_debit")
        uow.commit()
    report = run_billing(billing_db, catalog, run_clock, Period(2026, 12), chunk_size=3)
    lines = _lines(billing_db, "2026-12")
    assert report.lines_created == len(lines) == 10
    assert "aff_later" not in lines and "aff_gone" not in lines
    mid = lines["aff_starts_mid"]
    assert (mid.covered_from, mid.covered_to, mid.days) == (
        date(2026, 12, 10),
        date(2027, 1, 1),
        22,
    )
    assert mid.gross_cents == 354  # 499 * 22 / 31 = 354.1
    withdrawn = lines["aff_withdrawn"]
    assert (withdrawn.days, withdrawn.gross_cents) == (20, 322)  # 499 * 20 / 31 = 321.9
    assert lines["aff_debit"].channel == "direct_debit"
    full = lines["aff_debit"]
    assert (full.gross_cents, full.net_cents, full.tax_cents, full.tax_rate_bp) == (
        499,
        455,
        44,
        960,
    )
    assert all(r.net_cents + r.tax_cents == r.gross_cents for r in lines.values())
    with billing_db.reader() as uow:
        assert unbalanced_entries(uow) == []
        receivable = balance(uow, Account.PREMIUM_RECEIVABLE, "proximus")
        assert receivable.net_debit_cents == sum(r.gross_cents for r in lines.values())
        income = balance(uow, Account.PREMIUM_INCOME).credit_cents
        tax = balance(uow, Account.TAX_PAYABLE).credit_cents
        assert income == sum(r.net_cents for r in lines.values())
        assert tax == sum(r.tax_cents for r in lines.values())


def test_a_rerun_of_a_finished_period_creates_nothing_and_says_so(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    with billing_db.uow() as uow:
        bulk_affiliations(uow, 5)
        uow.commit()
    first = run_billing(billing_db, catalog, run_clock, Period(2026, 12), chunk_size=2)
    again = run_billing(billing_db, catalog, run_clock, Period(2026, 12), chunk_size=2)
    assert (first.lines_created, first.already_finished) == (5, False)
    assert (again.lines_created, again.already_finished, again.lines) == (0, True, 5)
    assert len(_lines(billing_db, "2026-12")) == 5


def test_a_distributor_run_then_a_full_run_bill_each_affiliation_once(
    billing_db: Database, catalog: Catalog, run_clock: FixedClock
) -> None:
    with billing_db.uow() as uow:
        uow.session.add(
            DistributorRow(
                code="orange", name="Orange", commission_bp=0, last_event_seq=0, created_at=AT
            )
        )
        uow.session.flush()
        bulk_affiliations(uow, 4)
        bulk_affiliations(uow, 3, distributor="orange")
        uow.commit()
    one = run_billing(billing_db, catalog, run_clock, Period(2026, 12), distributor="proximus")
    full = run_billing(billing_db, catalog, run_clock, Period(2026, 12), chunk_size=2)
    assert (one.lines_created, full.lines_created) == (4, 3)
    assert len(_lines(billing_db, "2026-12")) == 7
    with billing_db.reader() as uow:
        keys = set(uow.session.scalars(select(LedgerEntryRow.dedupe_key)))
        assert keys == {"premium:2026-12:proximus", "premium:2026-12:orange"}
        assert unbalanced_entries(uow) == []
        # 15 % of the period's net (4 x 4.55), rounded once on the total
        assert balance(uow, Account.COMMISSION_PAYABLE, "proximus").credit_cents == 273


def test_a_run_takes_bigger_chunks_on_sqlite_than_on_postgresql(billing_db: Database) -> None:
    """SQLite pays a WAL commit per chunk and shares its one writer with nobody meanwhile;
    PostgreSQL keeps transactions (and a resumed run's redo) short."""
    from cybercare.billing.run import default_chunk_size

    expected = 250_000 if billing_db.bind.dialect.name == "sqlite" else 50_000
    assert default_chunk_size(billing_db) == expected
