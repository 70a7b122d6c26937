"""All SQL of the imported bank documents: the documents, their lines (inserted in bulk: a
statement of 100,000 lines is one COPY or executemany), pain.002 outcomes and finance's queue."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select, update

from cybercare.db.bulk import insert_rows
from cybercare.db.tables import BankDocumentRow, BankLineRow, BankStatusLineRow
from cybercare.db.tables.base import insert_into
from cybercare.db.uow import UnitOfWork

D, B = BankDocumentRow, BankLineRow


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    document_id: int
    sha256: str
    kind: str
    filename: str | None
    source: str
    account_iban: str | None
    statement_id: str | None
    imported_at: datetime
    actor: str
    line_count: int
    matched: int
    unmatched: int
    ignored: int
    matched_cents: int
    unmatched_cents: int


@dataclass(frozen=True, slots=True)
class QueueLine:
    line_id: int
    document_id: int
    line_no: int
    account_iban: str
    bank_reference: str
    direction: str
    amount_cents: int
    booking_date: date
    value_date: date
    end_to_end_id: str | None
    batch_message_id: str | None
    batch_payment_info_id: str | None
    structured_communication: str | None
    remittance: str | None
    counterparty_name: str | None
    counterparty_iban: str | None
    is_return: bool
    return_reason: str | None
    status: str
    reason: str | None
    document_sha256: str


def document_id_by_sha(uow: UnitOfWork, sha256: str) -> int | None:
    return uow.session.scalar(select(D.id).where(D.sha256 == sha256))


def document_id_by_statement(
    uow: UnitOfWork, account_iban: str | None, kind: str, statement_id: str
) -> int | None:
    query = select(D.id).where(D.kind == kind, D.statement_id == statement_id)
    query = query.where(
        D.account_iban.is_(None) if account_iban is None else D.account_iban == account_iban
    )
    return uow.session.scalar(query)


def add_document(uow: UnitOfWork, values: dict[str, Any]) -> int:
    document_id = uow.session.scalar(insert_into(D).values(**values).returning(D.id))
    assert document_id is not None
    return int(document_id)


def add_lines(uow: UnitOfWork, rows: Sequence[dict[str, Any]]) -> None:
    """Set-based (`db.bulk.insert_rows`: COPY on PostgreSQL, one executemany on SQLite)."""
    insert_rows(uow.session, B, rows)


def add_status_lines(uow: UnitOfWork, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        uow.session.execute(insert_into(BankStatusLineRow), list(rows))


def seen_references(
    uow: UnitOfWork, account_iban: str, references: Collection[str], since: date, until: date
) -> set[str]:
    """The bank references of this account already imported (another document told us the same
    entry: a camt.054 then the day's camt.053), looked up in the statement's date range."""
    if not references:
        return set()
    query = select(B.bank_reference).where(
        B.account_iban == account_iban, B.booking_date >= since, B.booking_date <= until
    )
    return set(uow.session.scalars(query)) & set(references)


def summary(uow: UnitOfWork, document_id: int) -> DocumentSummary:
    found = documents(uow, document_id=document_id)
    return found[0]


def documents(
    uow: UnitOfWork, *, document_id: int | None = None, limit: int = 100
) -> list[DocumentSummary]:
    """The latest documents (or one), with their lines counted per status: the counts read only
    those documents' lines (an index on the document's lines), never the whole table."""
    query = select(D)
    if document_id is not None:
        query = query.where(D.id == document_id)
    found = list(
        uow.session.scalars(query.order_by(D.imported_at.desc(), D.id.desc()).limit(limit))
    )
    if not found:
        return []
    counts = {
        row.document_id: row
        for row in uow.session.execute(
            select(
                B.document_id,
                func.sum(case((B.status == "matched", 1), else_=0)).label("matched"),
                func.sum(case((B.status == "unmatched", 1), else_=0)).label("unmatched"),
                func.sum(case((B.status == "ignored", 1), else_=0)).label("ignored"),
                func.sum(case((B.status == "matched", B.amount_cents), else_=0)).label("m_c"),
                func.sum(case((B.status == "unmatched", B.amount_cents), else_=0)).label("u_c"),
            )
            .where(B.document_id.in_([d.id for d in found]))
            .group_by(B.document_id)
        )
    }
    summaries = []
    for d in found:
        c = counts.get(d.id)
        summaries.append(
            DocumentSummary(
                d.id,
                d.sha256,
                d.kind,
                d.filename,
                d.source,
                d.account_iban,
                d.statement_id,
                d.imported_at,
                d.actor,
                d.line_count,
                int(c.matched or 0) if c else 0,
                int(c.unmatched or 0) if c else 0,
                int(c.ignored or 0) if c else 0,
                int(c.m_c or 0) if c else 0,
                int(c.u_c or 0) if c else 0,
            )
        )
    return summaries


_QUEUE_COLUMNS = (
    B.id,
    B.document_id,
    B.line_no,
    B.account_iban,
    B.bank_reference,
    B.direction,
    B.amount_cents,
    B.booking_date,
    B.value_date,
    B.end_to_end_id,
    B.batch_message_id,
    B.batch_payment_info_id,
    B.structured_communication,
    B.remittance,
    B.counterparty_name,
    B.counterparty_iban,
    B.is_return,
    B.return_reason,
    B.status,
    B.reason,
    D.sha256,
)


def _queue_line(row: Any) -> QueueLine:
    values: tuple[Any, ...] = tuple(row)
    return QueueLine(*values)


def unmatched_lines(
    uow: UnitOfWork, *, document_id: int | None = None, limit: int = 50
) -> list[QueueLine]:
    query = select(*_QUEUE_COLUMNS).join(D, D.id == B.document_id).where(B.status == "unmatched")
    if document_id is not None:
        query = query.where(B.document_id == document_id)
    rows = uow.session.execute(query.order_by(B.booking_date, B.id).limit(limit))
    return [_queue_line(row) for row in rows]


def line(uow: UnitOfWork, line_id: int, *, for_update: bool = False) -> QueueLine | None:
    query = select(*_QUEUE_COLUMNS).join(D, D.id == B.document_id).where(B.id == line_id)
    if for_update:
        query = query.with_for_update(of=B)
    row = uow.session.execute(query).first()
    return _queue_line(row) if row is not None else None


def settle_line(
    uow: UnitOfWork,
    line_id: int,
    *,
    status: str,
    match_kind: str | None,
    target: str | None,
    reason: str | None,
    at: datetime,
    by: str,
) -> bool:
    """Finance's decision on a line still unmatched; False when someone decided first."""
    result = uow.session.execute(
        update(B)
        .where(B.id == line_id, B.status == "unmatched")
        .values(
            status=status,
            match_kind=match_kind,
            matched_target=target,
            reason=reason,
            matched_at=at,
            matched_by=by,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def daily_collected_and_returned(uow: UnitOfWork, since: date) -> list[tuple[date, int, int]]:
    """Per booking day: premiums collected (batch credits, transfers) and debits returned."""
    collected = case(
        (B.match_kind.in_(("debit_batch_collected", "premium_transfer")), B.amount_cents),
        else_=0,
    )
    returned = case((B.match_kind == "debit_returned", B.amount_cents), else_=0)
    query = (
        select(B.booking_date, func.sum(collected), func.sum(returned))
        .where(B.status == "matched", B.booking_date >= since)
        .group_by(B.booking_date)
        .order_by(B.booking_date)
    )
    return [(row[0], int(row[1] or 0), int(row[2] or 0)) for row in uow.session.execute(query)]


def bank_document_sources(uow: UnitOfWork) -> list[str]:
    """The sources of the documents pulled from the bank (`bank:<seq>`): the pull's cursor."""
    return list(uow.session.scalars(select(D.source).where(D.source.like("bank:%"))))
