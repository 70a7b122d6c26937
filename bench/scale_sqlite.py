"""The SQLite tier's ceiling for the staff search: how many households before a search passes
100 ms (issue 21, docs/scale.md).

    .venv/bin/python bench/scale_sqlite.py 25000 50000 100000 200000

For each N: a fresh migrated SQLite file, N households of two persons (name, e-mail, phone,
national number), an address and an affiliation each, built set-based (one INSERT ... SELECT
per table from a recursive counter); then the search query in process
(`reporting.search_queries.search_affiliations`, what `/staff/search` runs), 15 times per key,
p50 and p95, next to `SELECT 1` through the same unit of work as the baseline. SQLite has no
trigram index: every search reads the searched columns of the whole book.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.product.catalog import default_catalog
from cybercare.publishing.service import publish_products
from cybercare.reporting.search_queries import search_affiliations

COUNTER = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :n) "
FAMILY = "CASE n % 7 WHEN 0 THEN 'Peeters' WHEN 1 THEN 'Janssens' WHEN 2 THEN 'Maes' WHEN 3 THEN 'Dubois' WHEN 4 THEN 'Lambert' WHEN 5 THEN 'Willems' ELSE 'Smith' END"  # noqa: E501
STATEMENTS = [
    "INSERT INTO households (id, created_at) SELECT 'hh_U' || (10000000 + n), :at FROM seq",
    "INSERT INTO affiliations (id, distributor_code, customer_ref, household_id, product_code,"
    " product_version, subscribed_on, start_date, status, term_end, prevention_declarations,"
    " terms_token_sha256, row_version, created_at)"
    " SELECT 'aff_U' || (10000000 + n), 'proximus', 'px-' || n, 'hh_U' || (10000000 + n),"
    " :code, :version, '2025-01-01', '2025-01-01', 'active', '2027-01-01', '{}', :token, 1,"
    " :at FROM seq",
    "INSERT INTO persons (id, household_id, given_name, family_name,"
    " email, phone, national_register_number, language, birth_date)"
    f" SELECT 'per_U' || (10000000 + n) || p, 'hh_U' || (10000000 + n), 'Given' || (n % 997),"
    f" {FAMILY} || (n % 101), 'given' || n || '.' || p || '@example.be',"
    " '+3247' || (1000000 + n * 2 + p), '80' || (1000000 + n) || p || '12', 'nl', '1980-01-01'"
    " FROM seq, (SELECT 1 AS p UNION ALL SELECT 2)",
    "INSERT INTO household_addresses (household_id, street, number, postcode, city, country,"
    " from_date) SELECT 'hh_U' || (10000000 + n), 'Kerkstraat', '1', 1000 + n % 8000,"
    " 'City' || (n % 500), 'BE', '2025-01-01' FROM seq",
]


def build(url: str, n: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    database = Database(engine)
    product = default_catalog().all()[0]
    with database.uow() as uow:
        publish_products(uow, list(default_catalog().all()), SystemClock(), actor="bench")
        uow.session.execute(
            text(
                "INSERT INTO distributors (code, name, commission_bp, last_event_seq, created_at)"
                " VALUES ('proximus', 'Proximus', 1500, 0, '2025-01-01 00:00:00.000000')"
            )
        )
        uow.commit()
    params = {
        "n": n,
        "at": "2025-01-01 00:00:00.000000",
        "code": product.code,
        "version": product.version,
        "token": "0" * 64,
    }
    with engine.begin() as connection:
        for statement in STATEMENTS:
            connection.execute(text(COUNTER + statement), params)
        connection.execute(text("ANALYZE"))
    engine.dispose()


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] * 1000


def measure(url: str, n: int) -> None:
    engine = make_engine(url)
    database = Database(engine)
    middle = n // 2
    keys = {
        "name": f"Given{middle % 997} Maes{middle % 101}",
        "e-mail": f"given{middle}.1@example.be",
        "phone": f"+3247{1000000 + middle * 2 + 1}",
        "national number": f"80{1000000 + middle}112",
        "affiliation id": f"aff_U{10000000 + middle}",
    }
    today = SystemClock().today()
    with database.reader() as uow:
        base = []
        for _ in range(15):
            started = time.perf_counter()
            uow.session.execute(text("SELECT 1")).scalar()
            base.append(time.perf_counter() - started)
    line = [f"N={n:>9,}  baseline SELECT 1 p95 {p(base, 95):6.2f} ms"]
    for label, query in keys.items():
        seconds = []
        for _ in range(15):
            with database.reader() as uow:
                started = time.perf_counter()
                search_affiliations(uow, query, today)
                seconds.append(time.perf_counter() - started)
        line.append(f"{label} p50 {p(seconds, 50):7.1f} p95 {p(seconds, 95):7.1f} ms")
    print("  ".join(line), flush=True)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'scale.db'}"
            started = time.perf_counter()
            build(url, n)
            print(f"N={n:,}: built in {time.perf_counter() - started:.1f} s", flush=True)
            measure(url, n)


if __name__ == "__main__":
    main()
