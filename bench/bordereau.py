"""Benchmark of the premium bordereau on SQLite and PostgreSQL.

    .venv/bin/python bench/bordereau.py 1000000 [--backends sqlite,postgresql] [--formats csv]

For each database: a fresh migrated database (SQLite: a temporary file; PostgreSQL: a temporary
database on CYBERCARE_BENCH_POSTGRES_URL's server, dropped after), one billing run row, N premium
lines of 2026-11 created in bulk (PostgreSQL: one INSERT ... SELECT FROM generate_series;
SQLite: executemany in batches) and their premium_billed ledger entry, then, in the same run:

- the baseline: the same columns of the same lines in the same order written out raw
  (PostgreSQL: `COPY (SELECT ...) TO STDOUT` read through psycopg; SQLite: a plain SELECT into
  Python's csv writer);
- the bordereau: `reporting.bordereau_export.export` (what `cybercare reports bordereau` runs),
  streamed through a server-side cursor into a file, with its control totals.

Target for N = 1,000,000: the CSV bordereau within 4x the baseline on each database.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from _http import postgres_database, sqlite_database  # bench/_http.py, on sys.path as a script
from sqlalchemy import Engine, text

from cybercare.billing.domain import Period, PremiumAmount, premium_billed_entry
from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.ledger.service import post
from cybercare.reporting.bordereau import Format, Kind, Month
from cybercare.reporting.bordereau_export import export

MONTH = Month.parse("2026-11")
GROSS, NET, TAX = 499, 455, 44
RATE_BP = 1500
COLUMNS = (
    "distributor_code, affiliation_id, covered_from, covered_to, days, gross_cents, tax_cents,"
    " net_cents"
)
SELECT = (
    f"SELECT {COLUMNS} FROM billing_premium_lines WHERE period = '2026-11'"
    " ORDER BY period, affiliation_id"
)
LINE = (
    "INSERT INTO billing_premium_lines (affiliation_id, distributor_code, period, covered_from,"
    " covered_to, days, month_days, gross_cents, net_cents, tax_cents, tax_rate_bp, channel,"
    " status, run_id)"
)


def _populate(engine: Engine, n: int) -> None:
    postgres = engine.dialect.name == "postgresql"
    at = datetime(2026, 10, 28, 9, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO billing_runs (id, period, scope, status, chunks_done, lines_created,"
                " started_at) VALUES (1, '2026-11', '*', 'finished', 1, :n, :at)"
            ),
            {"n": n, "at": at},
        )
        if postgres:
            connection.execute(
                text(
                    LINE + " SELECT 'aff_' || (1000000000 + n), 'proximus', '2026-11',"
                    " '2026-11-01', '2026-12-01', 30, 30, :g, :net, :tax, 960, 'distributor',"
                    " 'open', 1 FROM generate_series(1, :n) AS n"
                ),
                {"n": n, "g": GROSS, "net": NET, "tax": TAX},
            )
        else:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            cursor = raw.cursor()
            batch = 50_000
            for first in range(1, n + 1, batch):
                cursor.executemany(
                    LINE + " VALUES (?, 'proximus', '2026-11', '2026-11-01', '2026-12-01', 30,"
                    f" 30, {GROSS}, {NET}, {TAX}, 960, 'distributor', 'open', 1)",
                    [(f"aff_{1000000000 + i}",) for i in range(first, min(first + batch, n + 1))],
                )
    database = Database(engine)
    with database.uow() as uow:
        amount = PremiumAmount(GROSS * n, NET * n, TAX * n, 0)
        entry = premium_billed_entry(
            Period(2026, 11), "proximus", amount, RATE_BP, date(2026, 11, 1)
        )
        post(uow, entry, at=at)
        uow.commit()
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def _baseline(engine: Engine, out: Path) -> float:
    started = time.perf_counter()
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            raw: Any = connection.connection.dbapi_connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY ({SELECT}) TO STDOUT WITH (FORMAT csv)") as copy,
                out.open("wb") as handle,
            ):
                for block in copy:
                    handle.write(block)
    else:
        with engine.connect() as connection, out.open("w", newline="") as handle:
            lite: Any = connection.connection.dbapi_connection
            writer = csv.writer(handle)
            writer.writerows(lite.execute(SELECT))
    return time.perf_counter() - started


def _bordereau(engine: Engine, fmt: Format, out: Path) -> tuple[float, int, bool]:
    database = Database(engine)
    started = time.perf_counter()
    with out.open("wb") as handle:
        totals = export(database, Kind.PREMIUM, MONTH, fmt, handle)
    elapsed = time.perf_counter() - started
    money = totals.money()
    expected_commission = round(NET * totals.lines * RATE_BP / 10_000)
    return elapsed, totals.lines, money["commission"] == expected_commission


def bench(backend: str, n: int, formats: list[Format]) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        sqlite_database() if backend == "sqlite" else postgres_database() as url,
    ):
        migrate.upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        _populate(engine, n)
        setup = time.perf_counter() - started
        base = _baseline(engine, Path(folder) / "baseline.csv")
        print(f"{backend:<11} N={n:,}  create {setup:6.1f} s  baseline {base:6.2f} s")
        for fmt in formats:
            out = Path(folder) / f"bordereau.{fmt.value}"
            seconds, lines, exact = _bordereau(engine, fmt, out)
            size = out.stat().st_size / 1e6
            print(
                f"  {fmt.value:<5} {seconds:7.2f} s = {seconds / base:5.2f}x baseline  "
                f"lines {lines:,}  {size:,.0f} MB  commission = ledger: {exact}"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory of this process so far: {peak:,.0f} MB")
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--formats", default="csv,json", help="csv,json,xlsx")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        bench(backend, args.n, [Format(f) for f in args.formats.split(",")])
    sys.stdout.flush()


if __name__ == "__main__":
    main()
