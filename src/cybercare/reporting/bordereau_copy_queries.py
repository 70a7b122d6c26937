"""The premium bordereau's CSV lines written by PostgreSQL itself (`COPY (SELECT ...) TO STDOUT`):
a million lines without a Python object per cell. The SELECT computes what the Python path
computes, to the byte: amounts as "4.99", dates as ISO text, text cells guarded against formula
injection, and each line's share of its distributor's booked commission, rounded cumulatively
half away from zero (`CommissionShare`, `kernel.money.divide_rounded`).

Where the time goes at a million lines, and what keeps it low (docs/bordereaux.md, "Speed"):
- the running net per distributor is one window sum per distributor, `ROWS` framed, over the
  index's order (period, affiliation): no sort; it sums `integer` nets into a `bigint` (a line's
  net is one month's premium, far below 2^31 cents: the cast would fail loudly, never wrap),
  where a `bigint` sum would be `numeric`, several times slower;
- the shares are `bigint` arithmetic when the products fit (they do by a factor of thousands for
  any real book), `numeric` otherwise;
- the query is nested so that each expression is computed once: the window (and the order) in
  the innermost SELECT, the share in the middle, the formatting outside; PostgreSQL's subquery
  scans keep their input's order, and the CSV test compares the bytes with the Python path;
- amounts are formatted as `cents * 0.01`, a `numeric` of scale 2 that PostgreSQL prints as
  "4.99", and dates are printed by PostgreSQL under `DateStyle` ISO: no text functions per cell;
- JIT is off for this query: compiling it costs half a second and saves nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Numeric,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
)

from cybercare.db.tables import BillingRunRow
from cybercare.db.tables import PremiumLineRow as L
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.money import divide_rounded
from cybercare.reporting.bordereau import PREMIUM_COLUMNS, Month, Totals

Booked = Mapping[str, tuple[int, int]]  # distributor -> (net N, commission C) in the ledger
_BIGINT_MAX = 2**63 - 1
# cents * 0.01 is a numeric of scale 2, printed "4.99", "-0.05", "0.00" (money_text's rule)
_CENT = literal_column("0.01", Numeric)


def _money(cents: Any) -> Any:
    return cents * _CENT


def _guarded(value: Any) -> Any:
    first = func.left(value, 1)
    return case((first.in_(["=", "+", "-", "@", "\t", "\r"]), literal("'") + value), else_=value)


def _share(running: Any, net: int, commission: int) -> Any:
    """round(C * min(running, N) / N), half away from zero: (2C * min + N) div 2N, in bigint when
    the largest product fits (|running| never exceeds the month's total), in numeric else."""
    if 2 * commission * net + net <= _BIGINT_MAX:
        product = literal(2 * commission, BigInteger) * func.least(running, literal(net))
        return (product + net) // literal(2 * net, BigInteger)  # bigint: truncates, as div
    product = literal(2 * commission, Numeric) * func.least(running, literal(net))
    return func.div(product + net, literal(2 * net, Numeric))


def _running_sums(booked: Booked) -> dict[str, Any]:
    """One running net per distributor with booked premium, over the index's order."""
    order = (L.period, L.affiliation_id)
    return {
        code: func.sum(
            case((L.distributor_code == code, cast(L.net_cents, Integer)), else_=0)
        ).over(order_by=order, rows=(None, 0))
        for code, (net, _commission) in sorted(booked.items())
        if net > 0
    }


def _commission(lines: Any, booked: Booked) -> Any:
    whens = []
    for code, (net, commission) in sorted(booked.items()):
        if net <= 0:
            continue
        running = lines.c[f"running_{code}"]
        whens.append(
            (
                lines.c.distributor == code,
                _share(running, net, commission)
                - _share(running - lines.c.net_cents, net, commission),
            )
        )
    if not whens:
        return literal(0, BigInteger)
    return case(*whens, else_=0)


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
        running = _running_sums(booked)
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
                *(sum_.label(f"running_{code}") for code, sum_ in running.items()),
            )
            .where(L.period == month.code, L.run_id.in_(runs))
            .order_by(L.period, L.affiliation_id)
            .subquery()
        )
        shared = select(lines, _commission(lines, booked).label("commission")).subquery()
        rows = select(
            _guarded(shared.c.period),
            _guarded(shared.c.distributor),
            _guarded(shared.c.affiliation),
            shared.c.covered_from,
            shared.c.covered_to,
            shared.c.days,
            _money(shared.c.gross_cents),
            _money(shared.c.tax_cents),
            _money(shared.c.net_cents),
            _money(shared.c.commission),
            _money(shared.c.net_cents - shared.c.commission),
        )
        connection = uow.session.connection()
        sql = str(rows.compile(connection, compile_kwargs={"literal_binds": True}))
        # SET LOCAL, as a SELECT (a read-only unit of work runs reads only)
        connection.execute(text("SELECT set_config('jit', 'off', true)"))
        connection.execute(text("SELECT set_config('DateStyle', 'ISO', true)"))
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
