"""Importing what the bank sent (issue 15): a statement or notification is matched line by line
and every match booked by the context that owns it; a pain.002 rejects debits or payouts.

One transaction (the caller's unit of work): a document is kept with all its lines, or, when it
is refused (unreadable, another account than ours), nothing of it is. A document twice changes
nothing: its SHA-256 is unique, a statement is also unique by account, kind and the bank's id,
and an entry the bank already told us in another document (a camt.054 during the day, then the
day's camt.053) is recognised by its reference and ignored. Bookings use the dedupe key
`bank:{document sha}:{line}`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cybercare.audit import trail
from cybercare.banking import facts_queries, repository
from cybercare.banking.booking import Progress, apply_decisions
from cybercare.banking.matching import match_statement
from cybercare.banking.statement import (
    Direction,
    FileError,
    Statement,
    StatementEntry,
    StatusReport,
    UnreadableBankFile,
)
from cybercare.banking.status_reports import apply_status_report
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.gc_pause import no_gc_pauses

Parsed = tuple[Statement, ...] | Statement | StatusReport
Reader = Callable[[bytes, str | None], Parsed]
DUPLICATE = "duplicate_entry"  # the reason of a line another document already brought


@dataclass(frozen=True, slots=True)
class ImportResult:
    document_id: int
    sha256: str
    kind: str
    already_imported: bool
    line_count: int
    matched: int
    unmatched: int
    ignored: int
    matched_cents: int
    unmatched_cents: int
    document_ids: tuple[int, ...] = ()  # a file of several statements: one document each

    def plus(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            self.document_id,
            self.sha256,
            self.kind,
            self.already_imported and other.already_imported,
            self.line_count + other.line_count,
            self.matched + other.matched,
            self.unmatched + other.unmatched,
            self.ignored + other.ignored,
            self.matched_cents + other.matched_cents,
            self.unmatched_cents + other.unmatched_cents,
            self.document_ids + other.document_ids,
        )


def _result(uow: UnitOfWork, document_id: int, *, already: bool) -> ImportResult:
    s = repository.summary(uow, document_id)
    return ImportResult(
        document_id,
        s.sha256,
        s.kind,
        already,
        s.line_count,
        s.matched,
        s.unmatched,
        s.ignored,
        s.matched_cents,
        s.unmatched_cents,
        (document_id,),
    )


def part_sha256(sha256: str, index: int, parts: int) -> str:
    """The document key of the `index`-th statement of a file: the file's own SHA-256 when it
    holds one statement (the usual case), else one derived from it per statement."""
    if parts == 1:
        return sha256
    return hashlib.sha256(f"{sha256}:{index}".encode()).hexdigest()


def compact_iban(iban: str) -> str:
    return "".join(iban.split()).upper()


def import_bank_document(
    uow: UnitOfWork,
    data: bytes,
    *,
    filename: str | None,
    source: str,
    at: datetime,
    actor: str,
    accounts: Collection[str],
    read: Reader,
    progress: Progress | None = None,
) -> ImportResult:
    """Parse (`read`: `banking.readers.read_bank_file`), refuse or import, match and book.
    `accounts`: our IBANs (the creditor's and the payout account), the only ones we import.
    Runs without the cyclic garbage collector's pauses (`kernel.gc_pause`)."""
    with no_gc_pauses():
        return _import_bank_document(
            uow,
            data,
            filename=filename,
            source=source,
            at=at,
            actor=actor,
            accounts=accounts,
            read=read,
            progress=progress,
        )


def _import_bank_document(
    uow: UnitOfWork,
    data: bytes,
    *,
    filename: str | None,
    source: str,
    at: datetime,
    actor: str,
    accounts: Collection[str],
    read: Reader,
    progress: Progress | None,
) -> ImportResult:
    sha256 = hashlib.sha256(data).hexdigest()
    existing = repository.document_id_by_sha(uow, sha256)
    if existing is not None:
        return _result(uow, existing, already=True)
    parsed = read(data, filename)
    common: dict[str, Any] = {"filename": filename, "source": source, "at": at, "actor": actor}
    if isinstance(parsed, StatusReport):
        return import_status_report(uow, parsed, sha256=sha256, **common)
    statements = (parsed,) if isinstance(parsed, Statement) else parsed
    if not statements:
        raise UnreadableBankFile([FileError(1, "the file holds no statement")])
    ours = {compact_iban(a) for a in accounts}
    for item in statements:  # every account checked before anything is written
        _check_account(item, ours)
    total: ImportResult | None = None
    for index, item in enumerate(statements):
        part = part_sha256(sha256, index, len(statements))
        if index and repository.document_id_by_sha(uow, part) is not None:
            continue
        result = import_statement(
            uow, item, sha256=part, accounts=ours, progress=progress, **common
        )
        total = result if total is None else total.plus(result)
    assert total is not None
    return total


def _check_account(statement: Statement, ours: Collection[str]) -> None:
    account = compact_iban(statement.account_iban)
    if account not in ours:
        # The model carries no line for the account element: the file's header, line 1.
        raise UnreadableBankFile(
            [FileError(1, f"account {account} is not one of ours (creditor or payout account)")]
        )


def import_statement(
    uow: UnitOfWork,
    statement: Statement,
    *,
    sha256: str,
    filename: str | None,
    source: str,
    at: datetime,
    actor: str,
    accounts: Collection[str],
    progress: Progress | None = None,
) -> ImportResult:
    account = compact_iban(statement.account_iban)
    _check_account(statement, {compact_iban(a) for a in accounts})
    kind = statement.format.value
    known = repository.document_id_by_statement(uow, account, kind, statement.statement_id)
    if known is not None:
        return _result(uow, known, already=True)
    entries = statement.entries
    seen = repository.seen_references(
        uow, account, {e.bank_reference for e in entries}, statement.from_date, statement.to_date
    )
    fresh = [e for e in entries if e.bank_reference not in seen]
    candidates = facts_queries.candidates_for(
        uow,
        batch_ids={i for e in fresh for i in (e.batch_message_id, e.batch_payment_info_id) if i},
        end_to_end_ids={e.end_to_end_id for e in fresh if e.end_to_end_id},
        communications={e.structured_communication for e in fresh if e.structured_communication},
        with_open_items=False,
    )
    decisions = dict(zip((e.line for e in fresh), match_statement(fresh, candidates), strict=True))
    outcomes = apply_decisions(uow, sha256, fresh, decisions, at=at, actor=actor, progress=progress)
    document_id = repository.add_document(
        uow,
        {
            "sha256": sha256,
            "kind": kind,
            "filename": filename,
            "source": source,
            "account_iban": account,
            "statement_id": statement.statement_id,
            "from_date": statement.from_date,
            "to_date": statement.to_date,
            "line_count": len(entries),
            "credit_cents": sum(e.amount_cents for e in entries if e.direction is Direction.CREDIT),
            "debit_cents": sum(e.amount_cents for e in entries if e.direction is Direction.DEBIT),
            "imported_at": at,
            "actor": actor,
        },
    )
    rows = []
    for entry in entries:
        status, match_kind, target, reason = (
            outcomes[entry.line]
            if entry.bank_reference not in seen
            else ("ignored", None, None, DUPLICATE)
        )
        rows.append(
            _line_row(document_id, account, entry, status, match_kind, target, reason, at, actor)
        )
    repository.add_lines(uow, rows)
    result = _result(uow, document_id, already=False)
    trail.record(
        uow,
        at=at,
        actor=actor,
        action="bank.document_imported",
        subject_type="bank_document",
        subject_id=str(document_id),
        details={
            "kind": kind,
            "sha256": sha256,
            "account_iban": account,
            "statement_id": statement.statement_id,
            "lines": result.line_count,
            "matched": result.matched,
            "unmatched": result.unmatched,
            "ignored": result.ignored,
        },
    )
    return result


def _line_row(
    document_id: int,
    account: str,
    e: StatementEntry,
    status: str,
    match_kind: str | None,
    target: str | None,
    reason: str | None,
    at: datetime,
    actor: str,
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "line_no": e.line,
        "account_iban": account,
        "bank_reference": e.bank_reference[:64],
        "direction": e.direction.value,
        "amount_cents": e.amount_cents,
        "booking_date": e.booking_date,
        "value_date": e.value_date,
        "end_to_end_id": e.end_to_end_id,
        "batch_message_id": e.batch_message_id,
        "batch_payment_info_id": e.batch_payment_info_id,
        "batch_count": e.batch_count,
        "structured_communication": e.structured_communication,
        "remittance": (e.remittance or "")[:140] or None,
        "counterparty_name": (e.counterparty_name or "")[:140] or None,
        "counterparty_iban": e.counterparty_iban,
        "is_return": e.is_return,
        "return_reason": e.return_reason,
        "status": status,
        "match_kind": match_kind,
        "matched_target": target,
        "reason": reason,
        "matched_at": at if status == "matched" else None,
        "matched_by": actor if status == "matched" else None,
    }


def import_status_report(
    uow: UnitOfWork,
    report: StatusReport,
    *,
    sha256: str,
    filename: str | None,
    source: str,
    at: datetime,
    actor: str,
) -> ImportResult:
    """A pain.002: a rejected debit is unpaid (as a return before settlement: nothing was
    collected), a rejected transfer returns its payout. Accepted statuses book nothing."""
    known = repository.document_id_by_statement(uow, None, "pain.002", report.message_id)
    if known is not None:
        return _result(uow, known, already=True)
    document_id = apply_status_report(
        uow, report, sha256=sha256, filename=filename, source=source, at=at, actor=actor
    )
    return _result(uow, document_id, already=False)
