"""Builders for reconciliation scenarios: billed direct-debit premiums in a pain.008 batch, and
bank statements (the parsers' model) with keyword defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from cybercare.banking.statement import (
    Direction,
    Statement,
    StatementEntry,
    StatementFormat,
)
from cybercare.billing import sepa
from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.db.tables import PremiumLineRow
from cybercare.db.uow import Database
from cybercare.kernel.bank_account import BankAccount, Creditor
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import Catalog
from tests.billing.builders import add_affiliation, add_mandate

DECEMBER = Period(2026, 12)
OUR_IBAN = "BE71096123456769"
PAYOUT_IBAN = "BE68539007547034"
ACCOUNTS = frozenset({OUR_IBAN, PAYOUT_IBAN})
CREDITOR = Creditor(
    BankAccount.checked("Cyber Care SA", OUR_IBAN, "GKCCBEBB"), "BE69ZZZ050D000000008"
)
AT = datetime(2026, 12, 8, 18, 0, tzinfo=UTC)
CLOCK = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))


def billed(db: Database, catalog: Catalog, *, count: int = 3, debit: bool = True) -> list[int]:
    """`count` affiliations billed for December (4.99 each); their premium line ids."""
    with db.uow() as uow:
        for index in range(count):
            add_affiliation(uow, affiliation_id=f"aff_{index}", start_date=date(2026, 1, 1))
            if debit:
                add_mandate(uow, f"aff_{index}")
        uow.commit()
    run_billing(db, catalog, CLOCK, DECEMBER)
    return line_ids(db)


def line_ids(db: Database) -> list[int]:
    with db.reader() as uow:
        return list(uow.session.scalars(select(PremiumLineRow.id).order_by(PremiumLineRow.id)))


def statuses(db: Database) -> list[str]:
    with db.reader() as uow:
        query = select(PremiumLineRow.status).order_by(PremiumLineRow.id)
        return list(uow.session.scalars(query))


def debit_batch(db: Database) -> sepa.DebitFile:
    with db.uow() as uow:
        built = sepa.build_debit_file(uow, DECEMBER, CREDITOR, date(2026, 12, 4), CLOCK)
        uow.commit()
    assert built is not None
    return built


def entry(line: int = 10, **changes: Any) -> StatementEntry:
    base = StatementEntry(
        line=line,
        bank_reference=f"REF{line}",
        direction=Direction.CREDIT,
        amount_cents=499,
        booking_date=date(2026, 12, 5),
        value_date=date(2026, 12, 5),
    )
    return replace(base, **changes)


def statement(*entries: StatementEntry, **changes: Any) -> Statement:
    base = Statement(
        format=StatementFormat.CAMT_053,
        statement_id="STMT-2026-12-05",
        account_iban=OUR_IBAN,
        created_at=AT,
        from_date=date(2026, 12, 5),
        to_date=date(2026, 12, 5),
        opening_balance_cents=0,
        closing_balance_cents=0,
        entries=entries,
    )
    return replace(base, **changes)
