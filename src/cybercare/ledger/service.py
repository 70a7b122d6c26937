"""Posting to and reading from the ledger, inside the caller's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
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


def post_many(uow: UnitOfWork, entries: Sequence[Entry], *, at: datetime) -> int:
    """Post many balanced entries (a bank statement's lines): the entries whose dedupe key is
    new. Returns how many were posted."""
    if not entries:
        return 0
    by_key = {item.dedupe_key: item for item in entries}
    if len(by_key) != len(entries):
        raise ValueError("two entries of one batch share a dedupe key")
    known: set[str] = set()
    keys = list(by_key)
    for start in range(0, len(keys), 1000):
        known.update(
            uow.session.scalars(
                select(LedgerEntryRow.dedupe_key).where(
                    LedgerEntryRow.dedupe_key.in_(keys[start : start + 1000])
                )
            )
        )
    # One entry then its lines, entry by entry: SQLite's integrity trigger (migration 0017,
    # docs/ledger.md) lets the ledger move on only from a complete entry. The batch win is the
    # single lookup of the keys already booked above.
    return sum(post(uow, item, at=at) for item in entries if item.dedupe_key not in known)


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
