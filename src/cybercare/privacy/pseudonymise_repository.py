"""The SQL of pseudonymisation: which subjects have expired, and one set-based UPDATE per
table to blank what a category holds of them. The same statements run on SQLite and
PostgreSQL; `pseudonymised_subjects` records what is done, so the next daily run skips it.

What goes and what stays follows the schedule's columns: free text and contacts are blanked
(NULL where the column allows it, else an empty value), bytes deleted, a birth date kept as its
year; ids, amounts, dates, statuses and clause codes are never touched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Date,
    LargeBinary,
    Select,
    String,
    Table,
    and_,
    cast,
    delete,
    exists,
    literal,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from cybercare.db.tables import metadata
from cybercare.db.uow import UnitOfWork

T = metadata.tables
persons, addresses, users, tokens = (
    T["persons"],
    T["household_addresses"],
    T["users"],
    T["api_tokens"],
)
affiliations, periods, cases, claims = (
    T["affiliations"],
    T["affiliation_status_periods"],
    T["assistance_cases"],
    T["claims"],
)
done = T["pseudonymised_subjects"]

HOUSEHOLD_CATEGORIES = ("member_identity", "member_letters")
CASE_CATEGORIES = ("cases_and_claims", "psychological_notes", "evidence_files")
ROW_CATEGORIES = ("accounting_records", "bank_statements", "outbox_messages")


class year_start(FunctionElement[date]):  # noqa: N801 - a SQL function's name
    """1 January of a date's year: the birth year is what the reports need of a birth date."""

    type = Date()
    inherit_cache = True


@compiles(year_start, "sqlite")
def _year_start_sqlite(element: year_start, compiler: Any, **kw: Any) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 4) || '-01-01'"


@compiles(year_start, "postgresql")
def _year_start_pg(element: year_start, compiler: Any, **kw: Any) -> str:
    return f"CAST(date_trunc('year', {compiler.process(element.clauses, **kw)}) AS DATE)"


# Columns a blank would break: a CHECK, a UNIQUE, or a date.
def _special(table: Table, column: str) -> Any | None:
    if (table.name, column) == ("case_callbacks", "phone"):
        return "+"  # CHECK phone LIKE '+%'
    if (table.name, column) == ("users", "email"):
        return literal("erased-") + table.c.id + literal("@invalid")  # UNIQUE
    if (table.name, column) == ("takedown_requests", "url"):
        return literal("erased:") + table.c.id  # UNIQUE (case_id, url)
    if (table.name, column) == ("persons", "birth_date"):
        return year_start(table.c.birth_date)
    if (table.name, column) == ("users", "password_hash"):
        return None  # no password: the account cannot sign in any more
    return ...


def blank(table: Table, column: str) -> Any:
    special = _special(table, column)
    if special is not ...:
        return special
    col = table.c[column]
    if col.nullable:
        return None
    if isinstance(col.type, LargeBinary):
        return b""
    if isinstance(col.type, JSON):
        return {"erased": True}
    if isinstance(col.type, String):
        return ""
    raise TypeError(f"no blank for {table.name}.{column}")  # pragma: no cover


def assignments(columns: Sequence[str], table: Table) -> dict[str, Any]:
    return {
        c.split(".")[1]: blank(table, c.split(".")[1])
        for c in columns
        if c.split(".")[0] == table.name
    }


def instant(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


# -- which subjects have expired -----------------------------------------------------------


def _not_done(category: str, subject: ColumnElement[Any]) -> ColumnElement[bool]:
    return not_(
        exists().where(done.c.category == category, done.c.subject_id == cast(subject, String))
    )


def _after(key: Any, after: Any) -> ColumnElement[bool]:
    return key > after if after is not None else literal(True)


def expired_households(
    category: str, cutoff: date, limit: int, after: str | None = None
) -> Select[tuple[str]]:
    """Households whose every affiliation ended before `cutoff` and whose every case closed
    before it, its claims decided or withdrawn."""
    h = T["households"]
    mine = affiliations.c.household_id == h.c.id
    return (
        select(h.c.id)
        .where(
            exists().where(mine),
            not_(exists().where(mine, affiliations.c.status.in_(("active", "suspended")))),
            not_(
                exists().where(
                    mine,
                    periods.c.affiliation_id == affiliations.c.id,
                    periods.c.start_date >= cutoff,
                )
            ),
            not_(
                exists().where(
                    cases.c.household_id == h.c.id,
                    or_(cases.c.closed_at.is_(None), cases.c.closed_at >= instant(cutoff)),
                )
            ),
            not_(
                exists().where(
                    claims.c.household_id == h.c.id,
                    claims.c.status.not_in(("decided", "withdrawn")),
                )
            ),
            _not_done(category, h.c.id),
            _after(h.c.id, after),
        )
        .order_by(h.c.id)
        .limit(limit)
    )


def expired_cases(
    category: str, cutoff: date, limit: int, after: str | None = None
) -> Select[tuple[str]]:
    return (
        select(cases.c.id)
        .where(
            cases.c.closed_at < instant(cutoff),
            not_(
                exists().where(
                    claims.c.case_id == cases.c.id,
                    claims.c.status.not_in(("decided", "withdrawn")),
                )
            ),
            _not_done(category, cases.c.id),
            _after(cases.c.id, after),
        )
        .order_by(cases.c.id)
        .limit(limit)
    )


# -- what a subject's rows are, per table ---------------------------------------------------

Rows = Callable[[Any], ColumnElement[bool]]  # subject ids (a list or a select) -> WHERE


@dataclass(frozen=True, slots=True)
class Binding:
    table: str
    rows: Rows
    delete: bool = False  # rows that are nothing but personal data go entirely


def _claims_of(case_ids: Any) -> Select[tuple[str]]:
    return select(claims.c.id).where(claims.c.case_id.in_(case_ids))


def _persons_of(household_ids: Any) -> Select[tuple[str]]:
    return select(persons.c.id).where(persons.c.household_id.in_(household_ids))


def _member_users(person_ids: Any) -> Select[tuple[str]]:
    return select(users.c.id).where(users.c.person_id.in_(person_ids))


def _case_bound(table: str) -> Binding:
    return Binding(table, T[table].c.case_id.in_)


def _claim_bound(table: str) -> Binding:
    return Binding(table, lambda ids: T[table].c.claim_id.in_(_claims_of(ids)))


def _order_bound(table: str) -> Binding:
    """A table of a provider order's (issue 19): the case's through its orders."""
    orders = T["provider_orders"]
    return Binding(
        table,
        lambda ids: T[table].c.order_id.in_(select(orders.c.id).where(orders.c.case_id.in_(ids))),
    )


def _note_bound(compartment: str) -> Binding:
    notes = T["case_notes"]
    return Binding(
        "case_notes", lambda ids: and_(notes.c.case_id.in_(ids), notes.c.compartment == compartment)
    )


BY_HOUSEHOLD: dict[str, tuple[Binding, ...]] = {
    "member_identity": (
        Binding("persons", persons.c.household_id.in_),
        Binding("household_addresses", addresses.c.household_id.in_),
        Binding("users", lambda ids: users.c.person_id.in_(_persons_of(ids))),
        Binding(
            "api_tokens", lambda ids: tokens.c.user_id.in_(_member_users(_persons_of(ids))), True
        ),
        Binding("payout_accounts", T["payout_accounts"].c.household_id.in_, True),
        Binding(
            "web_sessions",
            lambda ids: T["web_sessions"].c.user_id.in_(_member_users(_persons_of(ids))),
            True,
        ),
    ),
    "member_letters": (
        Binding(
            "billing_dunning_cases",
            lambda ids: T["billing_dunning_cases"].c.affiliation_id.in_(
                select(affiliations.c.id).where(affiliations.c.household_id.in_(ids))
            ),
        ),
    ),
}

# An erasure request acts on the person, not on the rest of their household.
BY_PERSON: dict[str, tuple[Binding, ...]] = {
    "member_identity": (
        Binding("persons", persons.c.id.in_),
        Binding("users", users.c.person_id.in_),
        Binding("api_tokens", lambda ids: tokens.c.user_id.in_(_member_users(ids)), True),
        Binding(
            "web_sessions", lambda ids: T["web_sessions"].c.user_id.in_(_member_users(ids)), True
        ),
    ),
}

BY_CASE: dict[str, tuple[Binding, ...]] = {
    "cases_and_claims": (
        Binding("assistance_cases", cases.c.id.in_),
        _note_bound("general"),
        *(
            _case_bound(t)
            for t in (
                "workstreams",
                "contact_attempts",
                "takedown_requests",
                "case_callbacks",
                "provider_orders",
            )
        ),
        _order_bound("provider_report_files"),
        _case_bound("claims"),
        *(_claim_bound(t) for t in ("claim_decisions", "claim_recoveries", "recovery_files")),
    ),
    "psychological_notes": (_note_bound("psychological"),),
    "evidence_files": (_claim_bound("claim_evidence"),),
}


def scrub(
    uow: UnitOfWork,
    bindings: Sequence[Binding],
    columns: Sequence[str],
    subject_ids: Any,
) -> int:
    """Blank `columns` in the rows of `subject_ids` (a list, or a select of ids)."""
    changed = 0
    for binding in bindings:
        table = T[binding.table]
        where = binding.rows(subject_ids)
        if binding.delete:
            statement: Any = delete(table).where(where)
        else:
            values = assignments(columns, table)
            if not values:
                continue
            statement = update(table).where(where).values(values)
        result = uow.session.execute(statement.execution_options(synchronize_session=False))
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed


def mark_done(uow: UnitOfWork, category: str, subject_ids: Sequence[str], at: datetime) -> None:
    if subject_ids:
        uow.session.execute(
            done.insert(),
            [{"category": category, "subject_id": s, "done_at": at} for s in subject_ids],
        )


def ids(uow: UnitOfWork, query: Select[tuple[str]]) -> list[str]:
    return [str(i) for i in uow.session.scalars(query)]


# -- row-level categories: each row carries its own date ------------------------------------


@dataclass(frozen=True, slots=True)
class RowRule:
    table: str
    key: str
    expired: Callable[[date], ColumnElement[bool]]  # cutoff -> WHERE of the expired rows
    pending: Callable[[], ColumnElement[bool]]  # rows not yet blanked
    delete: bool = False  # rows that are nothing but a message: deleted


def _c(table: str, column: str) -> Any:
    return T[table].c[column]


ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "accounting_records": (
        RowRule(
            "payouts",
            "id",
            lambda cut: and_(
                _c("payouts", "updated_at") < instant(cut),
                _c("payouts", "status").not_in(("pending_review", "scheduled", "instructed")),
            ),
            lambda: _c("payouts", "iban") != "",
        ),
        RowRule(
            "payment_files",
            "id",
            lambda cut: _c("payment_files", "execution_date") < cut,
            lambda: _c("payment_files", "xml") != "",
        ),
        RowRule(
            "billing_debit_batches",
            "id",
            lambda cut: _c("billing_debit_batches", "collection_date") < cut,
            lambda: _c("billing_debit_batches", "xml") != b"",
        ),
        RowRule(
            "billing_mandates",
            "id",
            lambda cut: _c("billing_mandates", "ended_on") < cut,
            lambda: _c("billing_mandates", "iban") != "",
        ),
    ),
    "bank_statements": (
        RowRule(
            "bank_lines",
            "id",
            lambda cut: _c("bank_lines", "booking_date") < cut,
            lambda: or_(
                _c("bank_lines", "counterparty_name").is_not(None),
                _c("bank_lines", "counterparty_iban").is_not(None),
                _c("bank_lines", "remittance").is_not(None),
            ),
        ),
    ),
    "outbox_messages": (
        RowRule(
            "outbox_messages",
            "id",
            lambda cut: and_(
                _c("outbox_messages", "status").in_(("dead", "delivered")),
                _c("outbox_messages", "created_at") < instant(cut),
            ),
            lambda: _c("outbox_messages", "id").is_not(None),
            delete=True,
        ),
    ),
}


def expired_rows(rule: RowRule, cutoff: date, limit: int, after: Any = None) -> Select[tuple[Any]]:
    table = T[rule.table]
    key = table.c[rule.key]
    return (
        select(key)
        .where(rule.expired(cutoff), rule.pending(), _after(key, after))
        .order_by(key)
        .limit(limit)
    )


def scrub_rows(uow: UnitOfWork, rule: RowRule, columns: Sequence[str], keys: Sequence[Any]) -> int:
    table = T[rule.table]
    where = table.c[rule.key].in_(list(keys))
    statement: Any = (
        delete(table).where(where)
        if rule.delete
        else update(table).where(where).values(assignments(columns, table))
    )
    result = uow.session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def cases_of_person(person_id: str) -> Select[tuple[str]]:
    return select(cases.c.id).where(cases.c.person_id == person_id)


def not_done(uow: UnitOfWork, category: str, subject_ids: Sequence[str]) -> list[str]:
    if not subject_ids:
        return []
    seen = set(
        uow.session.scalars(
            select(done.c.subject_id).where(
                done.c.category == category, done.c.subject_id.in_(list(subject_ids))
            )
        )
    )
    return [s for s in subject_ids if s not in seen]
