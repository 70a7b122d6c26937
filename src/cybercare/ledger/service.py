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
    """Post many balanced entries at once (a bank statement's lines): the entries whose dedupe
    key is new, in two statements (entries, then their lines) instead of two per entry.
    Returns how many were posted."""
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
    fresh = [item for item in entries if item.dedupe_key not in known]
    if not fresh:
        return 0
    ids = insert_new_rows(
        uow.session,
        LedgerEntryRow,
        [
            {
                "dedupe_key": item.dedupe_key,
                "kind": item.kind,
                "effective_date": item.effective_date,
                "description": item.description[:300],
                "posted_at": at,
            }
            for item in fresh
        ],
        unique_on=["dedupe_key"],
        returning=LedgerEntryRow.id,
    )
    id_of = _ids_of(uow, ids)
    uow.session.execute(
        insert_into(LedgerLineRow),
        [
            {
                "entry_id": id_of[item.dedupe_key],
                "account": line.account.value,
                "party": line.party,
                "debit_cents": line.debit_cents,
                "credit_cents": line.credit_cents,
            }
            for item in fresh
            if item.dedupe_key in id_of
            for line in item.lines
        ],
    )
    return len(id_of)


def _ids_of(uow: UnitOfWork, ids: Sequence[int]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(ids), 1000):
        query = select(LedgerEntryRow.dedupe_key, LedgerEntryRow.id).where(
            LedgerEntryRow.id.in_(list(ids[start : start + 1000]))
        )
        found.update((key, entry_id) for key, entry_id in uow.session.execute(query))
    return found


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
