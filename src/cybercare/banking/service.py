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
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cybercare.audit import trail
from cybercare.banking import dispatch, facts_queries, repository
from cybercare.banking.matching import (
    Decision,
    Match,
    MatchKind,
    Reason,
    Unmatched,
    match_statement,
)
from cybercare.banking.statement import (
    Direction,
    FileError,
    Statement,
    StatementEntry,
    StatusReport,
    UnreadableBankFile,
)
from cybercare.banking.status_reports import apply_status_report
from cybercare.billing import collection
from cybercare.billing.collection import DebitReturn, TransferPaid
from cybercare.db.uow import UnitOfWork

Parsed = tuple[Statement, ...] | Statement | StatusReport
Reader = Callable[[bytes, str | None], Parsed]
Progress = Callable[[int, int], None]  # (lines done, lines in all)
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
    `accounts`: our IBANs (the creditor's and the payout account), the only ones we import."""
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


Outcome = tuple[str, str | None, str | None, str | None]  # status, match kind, target, reason

# Batch credits first: a return in the same statement then reverses a collected premium.
_ORDER = {MatchKind.DEBIT_BATCH_COLLECTED: 0, MatchKind.PAYMENT_FILE_EXECUTED: 1}


def apply_decisions(
    uow: UnitOfWork,
    sha256: str,
    entries: Sequence[StatementEntry],
    decisions: dict[int, Decision],
    *,
    at: datetime,
    actor: str,
    progress: Progress | None = None,
) -> dict[int, Outcome]:
    """Book every match through its owner; a match its owner refuses stays unmatched."""
    outcomes: dict[int, Outcome] = {}
    transfers: list[tuple[StatementEntry, Match]] = []
    returns: list[tuple[StatementEntry, Match]] = []
    ordered = sorted(
        entries,
        key=lambda e: _ORDER.get(d.kind, 2) if isinstance(d := decisions[e.line], Match) else 3,
    )
    for done, entry in enumerate(ordered, 1):
        decision = decisions[entry.line]
        key = f"bank:{sha256}:{entry.line}"
        if isinstance(decision, Unmatched):
            outcomes[entry.line] = _unmatched_or_recovery(uow, entry, decision, at)
        elif decision.kind is MatchKind.PREMIUM_TRANSFER:
            transfers.append((entry, decision))  # booked together below
        elif decision.kind is MatchKind.DEBIT_RETURNED:
            returns.append((entry, decision))  # after every batch credit, together
        else:
            applied = _apply(uow, entry, decision, key, at, actor)
            outcomes[entry.line] = _matched(decision) if applied else _not_applied()
        if progress is not None and done % 1000 == 0:
            progress(done, len(entries))
    returned = collection.record_debit_returns(
        uow,
        [
            DebitReturn(
                e.end_to_end_id or "",
                e.return_reason or "MS03",
                m.amount_cents,
                e.booking_date,
                f"bank:{sha256}:{e.line}",
            )
            for e, m in returns
        ],
        at=at,
        actor=actor,
    )
    paid = collection.record_transfers_paid(
        uow,
        [
            TransferPaid(
                int(m.target.target_id),
                m.amount_cents,
                e.booking_date,
                f"bank:{sha256}:{e.line}",
            )
            for e, m in transfers
        ],
        at=at,
        ledger_key=f"bank:{sha256}:transfers",
    )
    for batch, applied_keys in ((returns, returned.keys()), (transfers, paid)):
        for entry, match in batch:
            applied = f"bank:{sha256}:{entry.line}" in applied_keys
            outcomes[entry.line] = _matched(match) if applied else _not_applied()
    if progress is not None:
        progress(len(entries), len(entries))
    return outcomes


def _matched(match: Match) -> Outcome:
    return (
        "matched",
        match.kind.value,
        f"{match.target.kind.value}:{match.target.target_id}",
        None,
    )


def _not_applied() -> Outcome:
    return ("unmatched", None, None, "not_applied")


def _unmatched_or_recovery(
    uow: UnitOfWork, entry: StatementEntry, decision: Unmatched, at: datetime
) -> Outcome:
    """A credit with a structured communication that is no premium of ours may pay back a
    recovery file (Art. 8.5): claims decides."""
    if (
        decision.reason is Reason.UNKNOWN_COMMUNICATION
        and entry.direction is Direction.CREDIT
        and entry.structured_communication
        and dispatch.recovery_payment(
            uow,
            structured_communication=entry.structured_communication,
            amount_cents=entry.amount_cents,
            bank_reference=entry.bank_reference,
            on=entry.booking_date,
            at=at,
        )
    ):
        target = f"recovery:{entry.structured_communication}"
        return ("matched", MatchKind.RECOVERY_PAYMENT.value, target, None)
    return ("unmatched", None, None, decision.reason.value)


def _apply(
    uow: UnitOfWork, entry: StatementEntry, match: Match, key: str, at: datetime, actor: str
) -> bool:
    target, on = match.target.target_id, entry.booking_date
    if match.kind is MatchKind.DEBIT_BATCH_COLLECTED:
        collection.confirm_batch_collected(
            uow, int(target), amount_cents=match.amount_cents, dedupe_key=key, on=on, at=at
        )
        return True
    if match.kind is MatchKind.DEBIT_RETURNED:
        assert entry.end_to_end_id is not None
        returned = collection.record_debit_return(
            uow,
            entry.end_to_end_id,
            entry.return_reason or "MS03",
            match.amount_cents,
            on,
            at,
            dedupe_key=key,
            actor=actor,
        )
        return returned is not None
    if match.kind is MatchKind.PAYMENT_FILE_EXECUTED:
        return dispatch.payment_file_executed(
            uow, target, amount_cents=match.amount_cents, on=on, at=at
        )
    if match.kind is MatchKind.PAYOUT_EXECUTED:
        return dispatch.payout_executed(uow, target, amount_cents=match.amount_cents, on=on, at=at)
    if match.kind is MatchKind.PAYOUT_RETURNED:
        return dispatch.payout_returned(
            uow,
            target,
            reason_code=entry.return_reason or "NARR",
            amount_cents=match.amount_cents,
            on=on,
            at=at,
        )
    if match.kind is MatchKind.PREMIUM_TRANSFER:
        paid = collection.record_transfers_paid(
            uow, [TransferPaid(int(target), match.amount_cents, on, key)], at=at, ledger_key=key
        )
        return key in paid
    assert match.kind is MatchKind.RECOVERY_PAYMENT
    return dispatch.recovery_payment(
        uow,
        structured_communication=entry.structured_communication or "",
        amount_cents=match.amount_cents,
        bank_reference=entry.bank_reference,
        on=on,
        at=at,
    )


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
