"""Benchmark of the monthly billing run on SQLite and PostgreSQL.

    .venv/bin/python bench/billing.py 1000000 [--backends sqlite,postgresql] [--chunk-size N]

For each database: a fresh migrated database (SQLite: a temporary file; PostgreSQL: a temporary
database on CYBERCARE_BENCH_POSTGRES_URL's server, dropped after), N active affiliations created
set-based (one INSERT ... SELECT per table from a recursive counter), then, in the same run:

- the floor: a raw `INSERT ... SELECT` of N narrow rows (id, affiliation id, amount) into a bare
  table;
- the billing run of one period (`cybercare billing run --period 2026-12 --quiet`, a subprocess:
  its wall time and peak RSS are measured);
- a rerun of the finished period (must create nothing).

Targets for N = 1,000,000: run <= 4x the raw insert on each database, peak memory < 300 MB,
rerun < 5 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from _http import postgres_database, sqlite_database  # bench/_http.py, on sys.path as a script
from sqlalchemy import Engine, text

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.product.catalog import default_catalog, reference_product
from cybercare.publishing.service import publish_products

PERIOD = "2026-12"


@dataclass
class Result:
    backend: str
    n: int
    setup_s: float
    raw_insert_s: float
    run_s: float
    run_inner_s: float
    run_peak_mb: float
    rerun_s: float
    lines: int

    def show(self) -> None:
        ratio = self.run_s / self.raw_insert_s
        print(
            f"{self.backend:<11} N={self.n:,}  create {self.setup_s:6.1f} s  "
            f"raw insert {self.raw_insert_s:6.2f} s  run {self.run_s:6.2f} s ({ratio:.2f}x; "
            f"{self.run_inner_s:.2f} s = {self.run_inner_s / self.raw_insert_s:.2f}x "
            "without interpreter start-up)  "
            f"peak {self.run_peak_mb:5.0f} MB  rerun {self.rerun_s:5.2f} s  lines {self.lines:,}"
        )


def _populate(engine: Engine, n: int) -> None:
    product = reference_product()
    sqlite = engine.dialect.name == "sqlite"
    created = "2026-01-01 00:00:00.000000" if sqlite else "2026-01-01 00:00:00+00"
    database = Database(engine)
    with database.uow() as uow:
        publish_products(uow, list(default_catalog().all()), SystemClock(), actor="bench")
        uow.session.execute(
            text(
                "INSERT INTO distributors (code, name, commission_bp, last_event_seq, created_at) "
                "VALUES ('proximus', 'Proximus', 1500, 0, :at)"
            ),
            {"at": created},
        )
        uow.commit()
    counter = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :n) "
    statements = [
        "INSERT INTO households (id, created_at) SELECT 'hh_' || (1000000000 + n), :at FROM seq",
        "INSERT INTO affiliations (id, distributor_code, customer_ref, household_id, product_code,"
        " product_version, subscribed_on, start_date, status, term_end, prevention_declarations,"
        " terms_token_sha256, row_version, created_at)"
        " SELECT 'aff_' || (1000000000 + n), 'proximus', 'c' || n, 'hh_' || (1000000000 + n),"
        " :code, :version, '2026-01-01', '2026-01-01', 'active', '2027-01-01', '{}',"
        " :token, 1, :at FROM seq",
        "INSERT INTO affiliation_status_periods (affiliation_id, status, start_date, article)"
        " SELECT 'aff_' || (1000000000 + n), 'active', '2026-01-01', 'Art. 3.2' FROM seq",
    ]
    params = {
        "n": n,
        "at": created,
        "code": product.code,
        "version": product.version,
        "token": "0" * 64,
    }
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(counter + statement), params)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def _raw_insert(engine: Engine) -> float:
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE bench_bare (id INTEGER PRIMARY KEY, ref VARCHAR(32), cents BIGINT)")
        )
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO bench_bare (id, ref, cents) "
                "SELECT row_number() OVER (ORDER BY id), id, 499 FROM affiliations"
            )
        )
    return time.perf_counter() - started


def _billing_run(url: str, chunk_size: int | None) -> tuple[float, float, str]:
    env = os.environ | {"CYBERCARE_DATABASE_URL": url, "CYBERCARE_ENVIRONMENT": "test"}
    command = [
        sys.executable,
        "-m",
        "cybercare.cli",
        "billing",
        "run",
        "--period",
        PERIOD,
        "--quiet",
        *(["--chunk-size", str(chunk_size)] if chunk_size else []),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode() if process.stdout else ""
    if status != 0:
        raise RuntimeError(f"billing run failed:\n{output}")
    peak_mb = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return elapsed, peak_mb, output


def bench(backend: str, n: int, chunk_size: int | None) -> Result:
    with sqlite_database() if backend == "sqlite" else postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        _populate(engine, n)
        setup = time.perf_counter() - started
        raw = _raw_insert(engine)
        engine.dispose()
        run_s, peak, first = _billing_run(url, chunk_size)
        inner = float(first.rsplit("run time:", 1)[1].split()[0])
        rerun_s, _, output = _billing_run(url, chunk_size)
        if "already billed" not in output:
            raise RuntimeError(f"the rerun did not recognise a finished period:\n{output}")
        engine = make_engine(url)
        with engine.connect() as connection:
            lines = connection.execute(
                text("SELECT count(*) FROM billing_premium_lines WHERE period = :p"),
                {"p": PERIOD},
            ).scalar_one()
        engine.dispose()
        return Result(backend, n, setup, raw, run_s, inner, peak, rerun_s, int(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--chunk-size", type=int, default=None, help="default: the CLI's")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        result = bench(backend, args.n, args.chunk_size)
        result.show()
        if result.lines != args.n:
            print(f"  !! expected {args.n:,} lines, found {result.lines:,}")


if __name__ == "__main__":
    main()
