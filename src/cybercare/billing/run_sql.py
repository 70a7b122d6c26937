"""All SQL of the billing run: set-based statements, the same on SQLite and PostgreSQL.

Full months are one `INSERT ... SELECT` per chunk and product version, the amounts bound as
constants computed once by the pure domain (one rounding rule). Partial months (a start or an end
within the period) are read back per chunk, priced by the domain and inserted in a second, small
pass. The unique constraint (period, affiliation_id) guards against duplicates: a resumed run
starts after its last committed chunk, and when a run of another scope billed the period the
inserts become `ON CONFLICT DO NOTHING` (see `insert_full_months`). (An anti-join `NOT EXISTS`
was tried first: PostgreSQL planned it as a nested loop over the table being filled, O(n^2).)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from cybercare.billing.domain import Period, PremiumAmount
from cybercare.billing.mandate_repository import IN_FORCE as MANDATES_IN_FORCE
from cybercare.billing.run_state import ALL
from cybercare.db.tables import (
    AffiliationRow,
    BookImportRow,
    MandateRow,
    PremiumLineRow,
    ProductVersionRow,
    StatusPeriodRow,
)
from cybercare.db.uow import UnitOfWork

ENDED = ("withdrawn", "terminated")
IN_FORCE = ("active", "suspended")
A = AffiliationRow
SQLITE_CACHE_KIB = 65_536
SUPPLEMENT_BATCH = 1_000


@dataclass(frozen=True, slots=True)
class Chunk:
    """Affiliation ids in `(after, upto]`."""

    after: str | None
    upto: str


@dataclass(frozen=True, slots=True)
class PartialCandidate:
    affiliation_id: str
    distributor_code: str
    product_key: tuple[str, str]
    start_date: date
    end_date: date | None
    direct_debit: bool


def tune_chunk_transaction(uow: UnitOfWork) -> None:
    """PostgreSQL's JIT compiler costs more than it saves on these short statements (the
    correlated lookups inflate the estimates past its threshold): off for this transaction.
    SQLite's page cache (2 MiB by default) is raised so the unique index of a growing period
    stays in memory while a chunk is inserted."""
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.execute(text("SET LOCAL jit = off"))
    else:
        uow.session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))


# --- chunks -----------------------------------------------------------------------------------


def _scoped(query: Any, scope: str, excluded: Sequence[str]) -> Any:
    if scope != ALL:
        query = query.where(A.distributor_code == scope)
    if excluded:
        query = query.where(A.distributor_code.not_in(list(excluded)))
    return query


def count_affiliations(uow: UnitOfWork, after: str | None) -> int:
    query = select(func.count()).select_from(A)
    if after is not None:
        query = query.where(A.id > after)
    return int(uow.session.scalar(query) or 0)


def next_chunk(uow: UnitOfWork, after: str | None, size: int) -> Chunk | None:
    """The next range of at most `size` affiliation ids after `after` (keyset on the primary
    key), always closed by a real id: the cursor it leaves behind marks exactly what is done."""
    query = select(A.id)
    if after is not None:
        query = query.where(A.id > after)
    upto = uow.session.scalar(query.order_by(A.id).offset(size - 1).limit(1))
    if upto is None:
        last = select(func.max(A.id))
        if after is not None:
            last = last.where(A.id > after)
        upto = uow.session.scalar(last)
        if upto is None:
            return None
    return Chunk(after, upto)


def _in_chunk(chunk: Chunk) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if chunk.after is not None:
        conditions.append(A.id > chunk.after)
    conditions.append(A.id <= chunk.upto)
    return conditions


def _end_date() -> Any:
    """The first day without cover: the start of a withdrawal or termination, or a notified end
    date; NULL while the cover runs on. The correlated lookup runs for ended affiliations only."""
    ended_from = (
        select(func.min(StatusPeriodRow.start_date))
        .where(StatusPeriodRow.affiliation_id == A.id, StatusPeriodRow.status.in_(ENDED))
        .scalar_subquery()
    )
    return case((A.status.in_(ENDED), ended_from), else_=A.pending_end_date)


def _not_prepaid(period: Period) -> ColumnElement[bool]:
    """Not paid for the period before it came here: a household of an imported book whose
    premiums were paid up to (exclusive) a day at or after the period's end is billed from the
    month that day opens (docs/book-import.md). An anti-join probing a unique index."""
    book = BookImportRow
    return ~exists().where(book.affiliation_id == A.id, book.paid_until >= period.end)


def _whole_month(period: Period) -> ColumnElement[bool]:
    """Covered from before the period to its end (the start date is checked apart), and not
    paid for already."""
    return and_(_not_prepaid(period), _whole_month_covered(period))


def _whole_month_covered(period: Period) -> ColumnElement[bool]:
    return or_(
        and_(
            A.status.in_(IN_FORCE),
            or_(A.pending_end_date.is_(None), A.pending_end_date >= period.end),
        ),
        and_(A.status.in_(ENDED), _end_date() >= period.end),
    )


def _billable(period: Period) -> ColumnElement[bool]:
    """At least one covered day in the period: exactly the full months of `insert_full_months`
    and the partial months of `partial_candidates` that `covered_interval` does not empty."""
    end_date = _end_date()
    return and_(
        A.start_date < period.end,
        _not_prepaid(period),
        or_(
            and_(
                A.status.in_(IN_FORCE),
                or_(
                    A.pending_end_date.is_(None),
                    and_(A.pending_end_date > period.start, A.pending_end_date > A.start_date),
                ),
            ),
            and_(A.status.in_(ENDED), end_date > period.start, end_date > A.start_date),
        ),
    )


def _missing(period: Period) -> ColumnElement[bool]:
    """No line of `period` for the affiliation: an anti-join probing the unique index
    (period, affiliation_id) once per affiliation; existing lines are never read."""
    line = PremiumLineRow
    return ~exists().where(line.period == period.code, line.affiliation_id == A.id)


def _insert_new(uow: UnitOfWork) -> Any:
    """INSERT ... ON CONFLICT (affiliation_id, period) DO NOTHING, spelled per dialect: a line that
    exists (a chunk rerun, an overlapping run) is skipped by the unique constraint itself."""
    if uow.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(PremiumLineRow)
    return sqlite.insert(PremiumLineRow)


def _direct_debit() -> Any:
    return exists().where(
        MandateRow.affiliation_id == A.id, MandateRow.status.in_(MANDATES_IN_FORCE)
    )


LINE_COLUMNS = [
    "affiliation_id",
    "distributor_code",
    "period",
    "covered_from",
    "covered_to",
    "days",
    "month_days",
    "gross_cents",
    "net_cents",
    "tax_cents",
    "tax_rate_bp",
    "channel",
    "status",
    "run_id",
]


@dataclass(frozen=True, slots=True)
class InsertedLine:
    """A line a supplement inserted (from RETURNING): what its ledger entry sums."""

    line_id: int
    distributor_code: str
    gross_cents: int
    net_cents: int
    tax_cents: int


def product_keys(uow: UnitOfWork) -> list[tuple[str, str]]:
    rows = uow.session.execute(select(ProductVersionRow.code, ProductVersionRow.version))
    return [(code, version) for code, version in rows]


def insert_full_months(
    uow: UnitOfWork,
    chunk: Chunk,
    period: Period,
    product_key: tuple[str, str],
    amount: PremiumAmount,
    *,
    run_id: int,
    scope: str,
    excluded: Sequence[str],
    guarded: bool,
) -> int:
    """One INSERT ... SELECT: every affiliation of the chunk covered the whole month.

    `guarded` adds ON CONFLICT DO NOTHING, needed only when a run of another scope may have
    billed some of these affiliations already: on PostgreSQL the speculative insertion it
    implies costs more than the insert itself (2.6 s against 1.1 s for 300,000 lines).
    Unguarded, a line that exists makes the chunk fail on the unique constraint: never a
    duplicate."""
    whole_month = _whole_month(period)
    source = _scoped(
        select(
            A.id,
            A.distributor_code,
            literal(period.code),
            literal(period.start, Date),
            literal(period.end, Date),
            literal(period.days),
            literal(period.days),
            literal(amount.gross_cents),
            literal(amount.net_cents),
            literal(amount.tax_cents),
            literal(amount.tax_rate_bp),
            literal("distributor"),
            literal("open"),
            literal(run_id),
        ).where(
            *_in_chunk(chunk),
            A.product_code == product_key[0],
            A.product_version == product_key[1],
            A.start_date <= period.start,
            whole_month,
        ),
        scope,
        excluded,
    )
    columns = LINE_COLUMNS
    if guarded:
        statement: Any = (
            _insert_new(uow)
            .from_select(columns, source)
            .on_conflict_do_nothing(index_elements=["period", "affiliation_id"])
        )
    else:
        statement = insert(PremiumLineRow).from_select(columns, source)
    result = uow.session.execute(statement.execution_options(preserve_rowcount=True))
    return int(result.rowcount)  # type: ignore[attr-defined]


def mark_direct_debits(uow: UnitOfWork, chunk: Chunk, period: Period) -> None:
    """The chunk's full-month lines of affiliations with an active mandate are collected by
    direct debit: one UPDATE driven by the (few) mandates, not a probe per inserted line."""
    mandated = select(MandateRow.affiliation_id).where(MandateRow.status.in_(MANDATES_IN_FORCE))
    if chunk.after is not None:
        mandated = mandated.where(MandateRow.affiliation_id > chunk.after)
    mandated = mandated.where(MandateRow.affiliation_id <= chunk.upto)
    line = PremiumLineRow
    uow.session.execute(
        update(line)
        .where(
            line.period == period.code,
            line.affiliation_id.in_(mandated),
            line.channel == "distributor",
        )
        .values(channel="direct_debit")
    )


def partial_candidates(
    uow: UnitOfWork,
    chunk: Chunk | None,
    period: Period,
    *,
    scope: str,
    excluded: Sequence[str],
    missing_only: bool = False,
) -> list[PartialCandidate]:
    """Affiliations of the chunk that started or ended within the month (few), not yet billed.

    `missing_only` (a supplement, no chunk): only billable ones with no line for the period."""
    end_date = _end_date()
    conditions = [] if chunk is None else _in_chunk(chunk)
    if missing_only:
        conditions += [_billable(period), _missing(period)]
    query = _scoped(
        select(
            A.id,
            A.distributor_code,
            A.product_code,
            A.product_version,
            A.start_date,
            end_date,
            _direct_debit(),
        ).where(
            *conditions,
            A.start_date < period.end,
            or_(
                A.start_date > period.start,
                and_(A.status.in_(IN_FORCE), A.pending_end_date < period.end),
                and_(A.status.in_(ENDED), end_date < period.end, end_date > period.start),
            ),
        ),
        scope,
        excluded,
    )
    return [
        PartialCandidate(row[0], row[1], (row[2], row[3]), row[4], row[5], bool(row[6]))
        for row in uow.session.execute(query)
    ]


def insert_lines(uow: UnitOfWork, rows: list[dict[str, Any]]) -> int:
    """The partial months of a chunk; the number actually inserted."""
    if not rows:
        return 0
    statement = (
        _insert_new(uow)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["period", "affiliation_id"])
    )
    result = uow.session.execute(statement.execution_options(preserve_rowcount=True))
    return int(result.rowcount)  # type: ignore[attr-defined]


# --- supplement: lines missing from a finished period -----------------------------------------

_RETURNED = (
    PremiumLineRow.id,
    PremiumLineRow.distributor_code,
    PremiumLineRow.gross_cents,
    PremiumLineRow.net_cents,
    PremiumLineRow.tax_cents,
)


def missing_lines_exist(uow: UnitOfWork, period: Period, scope: str) -> bool:
    """Whether a billable affiliation of the scope has no line for `period`: one anti-join
    (affiliations against the unique index of the lines), stopped at the first hit."""
    query = _scoped(select(A.id).where(_billable(period), _missing(period)), scope, ())
    return uow.session.scalar(query.limit(1)) is not None


def insert_missing_full_months(
    uow: UnitOfWork,
    period: Period,
    product_key: tuple[str, str],
    amount: PremiumAmount,
    *,
    run_id: int,
    scope: str,
) -> list[InsertedLine]:
    """One INSERT ... SELECT of the full months missing from the period, guarded by
    ON CONFLICT DO NOTHING on (period, affiliation_id); the channel is probed per inserted line
    (few), so no existing line is updated."""
    channel = case((_direct_debit(), literal("direct_debit")), else_=literal("distributor"))
    source = _scoped(
        select(
            A.id,
            A.distributor_code,
            literal(period.code),
            literal(period.start, Date),
            literal(period.end, Date),
            literal(period.days),
            literal(period.days),
            literal(amount.gross_cents),
            literal(amount.net_cents),
            literal(amount.tax_cents),
            literal(amount.tax_rate_bp),
            channel,
            literal("open"),
            literal(run_id),
        ).where(
            A.product_code == product_key[0],
            A.product_version == product_key[1],
            A.start_date <= period.start,
            _whole_month(period),
            _missing(period),
        ),
        scope,
        (),
    )
    statement = (
        _insert_new(uow)
        .from_select(LINE_COLUMNS, source)
        .on_conflict_do_nothing(index_elements=["period", "affiliation_id"])
        .returning(*_RETURNED)
    )
    return [InsertedLine(*row) for row in uow.session.execute(statement)]


def insert_missing_lines(uow: UnitOfWork, rows: list[dict[str, Any]]) -> list[InsertedLine]:
    """The missing partial months, priced by the domain; the lines actually inserted. In
    batches: one multi-row VALUES binds 14 parameters a row (SQLite allows 32,766)."""
    inserted: list[InsertedLine] = []
    for start in range(0, len(rows), SUPPLEMENT_BATCH):
        statement = (
            _insert_new(uow)
            .values(rows[start : start + SUPPLEMENT_BATCH])
            .on_conflict_do_nothing(index_elements=["period", "affiliation_id"])
            .returning(*_RETURNED)
        )
        inserted += [InsertedLine(*row) for row in uow.session.execute(statement)]
    return inserted
