"""Posting to and reading from the ledger, inside the caller's unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables.base import insert_into
from cybercare.db.tables.ledger import LedgerEntryRow, LedgerLineRow
from cybercare.db.uow import UnitOfWork
from cybercare.ledger.domain import Account, Entry


def post(uow: UnitOfWork, entry: Entry, *, at: datetime) -> bool:
    """Post a balanced entry once: False (and nothing written) when its dedupe key exists.
    The entry's insert is the check (ON CONFLICT DO NOTHING): a concurrent poster of the same
    key waits, then writes nothing."""
    inserted = insert_new_rows(
        uow.session,
        LedgerEntryRow,
        [
            {
                "dedupe_key": entry.dedupe_key,
                "kind": entry.kind,
                "effective_date": entry.effective_date,
                "description": entry.description[:300],
                "posted_at": at,
                "total_cents": entry.total_cents,
                "line_count": len(entry.lines),
            }
        ],
        unique_on=["dedupe_key"],
        returning=LedgerEntryRow.id,
    )
    if not inserted:
        return False
    uow.session.execute(
        insert_into(LedgerLineRow),
        [
            {
                "entry_id": inserted[0],
                "account": line.account.value,
                "party": line.party,
                "debit_cents": line.debit_cents,
                "credit_cents": line.credit_cents,
            }
            for line in entry.lines
        ],
    )
    return True


@dataclass(frozen=True, slots=True)
class Balance:
    debit_cents: int
    credit_cents: int

    @property
    def net_debit_cents(self) -> int:
        return self.debit_cents - self.credit_cents


def balance(uow: UnitOfWork, account: Account, party: str | None = None) -> Balance:
    query = select(
        func.coalesce(func.sum(LedgerLineRow.debit_cents), 0),
        func.coalesce(func.sum(LedgerLineRow.credit_cents), 0),
    ).where(LedgerLineRow.account == account.value)
    if party is not None:
        query = query.where(LedgerLineRow.party == party)
    debits, credits = uow.session.execute(query).one()
    return Balance(int(debits), int(credits))


def unbalanced_entries(uow: UnitOfWork) -> list[str]:
    """Dedupe keys of entries whose lines do not balance: always empty (an audit query)."""
    rows = uow.session.execute(
        select(LedgerEntryRow.dedupe_key)
        .join(LedgerLineRow, LedgerLineRow.entry_id == LedgerEntryRow.id)
        .group_by(LedgerEntryRow.id, LedgerEntryRow.dedupe_key)
        .having(func.sum(LedgerLineRow.debit_cents) != func.sum(LedgerLineRow.credit_cents))
    )
    return [row[0] for row in rows]
