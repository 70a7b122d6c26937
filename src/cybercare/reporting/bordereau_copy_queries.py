"""The premium bordereau's CSV lines written by PostgreSQL itself (`COPY (SELECT ...) TO STDOUT`):
a million lines without a Python object per cell. The SELECT computes what the Python path
computes, to the byte: amounts as "4.99", dates as ISO text, text cells guarded against formula
injection, and each line's share of its distributor's booked commission, rounded cumulatively
half away from zero (`CommissionShare`, `kernel.money.divide_rounded`).

The running net per distributor is one window sum per distributor over the index's order
(period, affiliation): no sort. Distributors are few (an agreement each), so are the windows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any

from sqlalchemy import Integer, Numeric, String, case, cast, func, literal, select

from cybercare.db.tables import BillingRunRow
from cybercare.db.tables import PremiumLineRow as L
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.money import divide_rounded
from cybercare.reporting.bordereau import PREMIUM_COLUMNS, Month, Totals

Booked = Mapping[str, tuple[int, int]]  # distributor -> (net N, commission C) in the ledger


def _money(cents: Any) -> Any:
    return cast(func.round(cast(cents, Numeric) / 100, 2), String)


def _guarded(text: Any) -> Any:
    first = func.left(text, 1)
    return case((first.in_(["=", "+", "-", "@", "\t", "\r"]), literal("'") + text), else_=text)


def _share(running: Any, net: int, commission: int) -> Any:
    """round(C * min(running, N) / N), half away from zero (numeric: no bigint overflow)."""
    product = literal(2 * commission, Numeric) * func.least(running, literal(net))
    return func.div(product + net, literal(2 * net, Numeric))


def _commission(booked: Booked) -> Any:
    order = (L.period, L.affiliation_id)
    whens = []
    for code, (net, commission) in sorted(booked.items()):
        if net <= 0:
            continue
        mine = case((L.distributor_code == code, L.net_cents), else_=0)
        running = func.sum(mine).over(order_by=order)
        whens.append(
            (
                L.distributor_code == code,
                _share(running, net, commission) - _share(running - L.net_cents, net, commission),
            )
        )
    if not whens:
        return literal(0, Integer)
    return cast(case(*whens, else_=0), Integer)


def _run_ids(uow: UnitOfWork, month: Month) -> list[int]:
    return list(
        uow.session.scalars(
            select(BillingRunRow.id).where(
                BillingRunRow.period == month.code, BillingRunRow.started_at < month.as_of
            )
        )
    )


def premium_csv_body(
    uow: UnitOfWork, month: Month, booked: Booked
) -> Callable[[IO[bytes]], Totals] | None:
    """The COPY writer of the month's lines, or None off PostgreSQL."""
    if uow.session.get_bind().dialect.name != "postgresql":
        return None

    def write_lines(out: IO[bytes]) -> Totals:
        runs = _run_ids(uow, month)
        where = (L.period == month.code, L.run_id.in_(runs))
        commission = _commission(booked)
        lines = (
            select(
                L.period.label("period"),
                L.distributor_code.label("distributor"),
                L.affiliation_id.label("affiliation"),
                L.covered_from,
                L.covered_to,
                L.days,
                L.gross_cents,
                L.tax_cents,
                L.net_cents,
                commission.label("commission"),
            )
            .where(*where)
            .order_by(L.period, L.affiliation_id)
            .subquery()
        )
        rows = select(
            _guarded(lines.c.period),
            _guarded(lines.c.distributor),
            _guarded(lines.c.affiliation),
            cast(lines.c.covered_from, String),
            cast(lines.c.covered_to, String),
            lines.c.days,
            _money(lines.c.gross_cents),
            _money(lines.c.tax_cents),
            _money(lines.c.net_cents),
            _money(lines.c.commission),
            _money(lines.c.net_cents - lines.c.commission),
        ).order_by(lines.c.period, lines.c.affiliation)
        connection = uow.session.connection()
        sql = str(rows.compile(connection, compile_kwargs={"literal_binds": True}))
        raw: Any = connection.connection.dbapi_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy,
        ):
            for block in copy:
                out.write(block)
        return _totals(uow, month, runs, booked)

    return write_lines


def _totals(uow: UnitOfWork, month: Month, runs: list[int], booked: Booked) -> Totals:
    """The lines' sums, per distributor; the commission of each is its last running share."""
    count = gross = tax = net = commission = 0
    query = (
        select(
            L.distributor_code,
            func.count(),
            func.sum(L.gross_cents),
            func.sum(L.tax_cents),
            func.sum(L.net_cents),
        )
        .where(L.period == month.code, L.run_id.in_(runs))
        .group_by(L.distributor_code)
    )
    for code, lines, gross_d, tax_d, net_d in uow.session.execute(query):
        total_net, total_commission = booked.get(code, (0, 0))
        count += int(lines)
        gross += int(gross_d)
        tax += int(tax_d)
        net += int(net_d)
        if total_net > 0:
            commission += divide_rounded(total_commission * min(int(net_d), total_net), total_net)
    money = {
        "gross_premium": gross,
        "insurance_tax": tax,
        "net_premium": net,
        "commission": commission,
        "net_due_to_insurer": net - commission,
    }
    return Totals.of(PREMIUM_COLUMNS, count, money)
