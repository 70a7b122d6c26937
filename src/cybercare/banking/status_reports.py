"""pain.002: the bank's verdict on one of our files, before anything is booked. A rejected
direct debit is unpaid again (nothing was collected: it is a return before settlement, the
same reason codes and next steps, billing/collection.py); a rejected transfer returns its
payout. Accepted or pending statuses book nothing; they are kept as the bank's answer."""

from __future__ import annotations

from datetime import datetime

from cybercare.audit import trail
from cybercare.banking import dispatch, facts_queries, repository
from cybercare.banking.matching import TargetKind
from cybercare.banking.statement import StatusReport, TransactionStatus, TransactionStatusLine
from cybercare.billing import collection
from cybercare.db.uow import UnitOfWork

GROUP_LINE = 0  # a group status without transactions stands for every transaction of the file


def apply_status_report(
    uow: UnitOfWork,
    report: StatusReport,
    *,
    sha256: str,
    filename: str | None,
    source: str,
    at: datetime,
    actor: str,
) -> int:
    """Keep the report, apply its rejects; returns the document id."""
    original = facts_queries.original_file(uow, report.original_message_id)
    transactions = list(report.transactions)
    if report.group_status is TransactionStatus.REJECTED and not transactions and original:
        transactions = [
            TransactionStatusLine(GROUP_LINE, e2e, TransactionStatus.REJECTED, report.group_reason)
            for e2e in facts_queries.end_to_end_ids_of(uow, original)
        ]
    document_id = repository.add_document(
        uow,
        {
            "sha256": sha256,
            "kind": "pain.002",
            "filename": filename,
            "source": source,
            "account_iban": None,
            "statement_id": report.message_id[:64],
            "original_message_id": report.original_message_id[:35],
            "group_status": report.group_status.value if report.group_status else None,
            "group_reason": report.group_reason,
            "line_count": len(transactions),
            "imported_at": at,
            "actor": actor,
        },
    )
    rows = []
    for index, item in enumerate(transactions, 1):
        outcome, kind = "ignored", None
        if item.status is TransactionStatus.REJECTED and original is not None:
            applied = _reject(uow, original, item, f"bank:{sha256}:{item.line or index}", at, actor)
            outcome = "matched" if applied else "unmatched"
            kind = (
                "debit_rejected" if original.kind is TargetKind.DEBIT_BATCH else "payout_rejected"
            )
        elif item.status is TransactionStatus.REJECTED:
            outcome = "unmatched"
        rows.append(
            {
                "document_id": document_id,
                "line_no": item.line or index,
                "original_message_id": report.original_message_id[:35],
                "end_to_end_id": item.end_to_end_id[:35],
                "status": item.status.value,
                "reason": item.reason,
                "outcome": outcome,
                "match_kind": kind if outcome == "matched" else None,
                "matched_target": item.end_to_end_id[:64] if outcome == "matched" else None,
            }
        )
    repository.add_status_lines(uow, rows)
    trail.record(
        uow,
        at=at,
        actor=actor,
        action="bank.status_report_imported",
        subject_type="bank_document",
        subject_id=str(document_id),
        details={
            "original_message_id": report.original_message_id,
            "group_status": report.group_status.value if report.group_status else None,
            "rejected": sum(1 for r in rows if r["status"] == "rejected"),
        },
    )
    return document_id


def _reject(
    uow: UnitOfWork,
    original: facts_queries.OriginalFile,
    item: TransactionStatusLine,
    key: str,
    at: datetime,
    actor: str,
) -> bool:
    on = at.date()
    reason = item.reason or "MS03"
    if original.kind is TargetKind.DEBIT_BATCH:
        returned = collection.record_debit_return(
            uow, item.end_to_end_id, reason, None, on, at, dedupe_key=key, actor=actor
        )
        return returned is not None
    return dispatch.payout_returned(
        uow, item.end_to_end_id, reason_code=reason, amount_cents=None, on=on, at=at
    )
