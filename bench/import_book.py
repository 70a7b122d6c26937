"""Benchmark of `cybercare import book` against a raw COPY of the same rows.

    .venv/bin/python bench/import_book.py [N] [--backends postgresql,sqlite] [--batch-size B]
                                          [--workers W]

For each database: a fresh migrated database (SQLite: a temporary file; PostgreSQL: a temporary
database on the local server, dropped after) with the product published, the distributor and
one webhook endpoint; a JSONL book of N households (default 500,000: an affiliate and 0 to 3
members, children among them, 80 % with a paper mandate, all paid up to a month) generated in a
temporary folder; then, in the same run:

- the import: `cybercare import book FILE --distributor proximus --quiet`, a subprocess whose
  wall time (interpreter start-up included) and peak memory are measured;
- a re-run of the same file (must import nothing);
- the floor: every row the import wrote (households, affiliations, people, memberships,
  addresses, status periods, mandates, audit events, feed events, outbox messages, import
  marks), copied out and written back with a raw `COPY ... FROM STDIN` into scratch tables
  without indexes or constraints (SQLite: `INSERT INTO scratch SELECT * FROM table`). The ratio
  import / floor is what the checking, the ids, the JSON and the indexes cost.

Target (issue 18): 500,000 households on PostgreSQL within 10 minutes on this machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _http import postgres_database, sqlite_database  # bench/_http.py, on sys.path as a script
from schwifty import IBAN
from sqlalchemy import Engine, text

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.outbox.endpoints import register_endpoint
from cybercare.partners.distributors import create_distributor
from cybercare.product.catalog import default_catalog, reference_product
from cybercare.publishing.service import publish_products

TABLES = (
    "households",
    "affiliations",
    "persons",
    "memberships",
    "household_addresses",
    "affiliation_status_periods",
    "billing_mandates",
    "audit_events",
    "partner_events",
    "outbox_messages",
    "book_imports",
)
FIRST_NAMES = ("An", "Jan", "Els", "Luc", "Sofie", "Marc", "Lotte", "Wim", "Nora", "Tom")


ADULTS_FROM, CHILDREN_FROM = date(1950, 1, 1), date(2005, 1, 1)


def _number(born: date, serial: int) -> str:
    base = f"{born:%y%m%d}{serial:03d}"
    value = int(base) + (2_000_000_000 if born.year >= 2000 else 0)
    return f"{base}{97 - value % 97:02d}"


class _People:
    """Birth dates spread over 50 years of adults and 17 of children, each with its own run of
    serial numbers: every national register number of the book is valid and unique."""

    def __init__(self) -> None:
        self.serials: dict[date, int] = {}

    def born(self, first: date, days: int, seed: int) -> tuple[date, str]:
        day = first + timedelta(days=seed * 7919 % days)
        serial = self.serials.get(day, 0) + 1
        self.serials[day] = serial
        return day, _number(day, serial)


def _member(people: _People, i: int, k: int) -> dict[str, str]:
    if k == 0:
        relationship, (born, number) = "spouse", people.born(ADULTS_FROM, 18_250, i * 3 + 1)
    else:  # born before 2022, the earliest start date: a child never joins before birth
        relationship, (born, number) = "child", people.born(CHILDREN_FROM, 6_200, i * 3 + k)
    return {
        "relationship": relationship,
        "given_name": FIRST_NAMES[(i + k) % 10],
        "family_name": "Peeters",
        "birth_date": born.isoformat(),
        "language": "nl",
        "national_register_number": number,
    }


def write_book(path: Path, n: int) -> int:
    """N households as JSONL; returns the number of people."""
    codes = [item.code for item in reference_product().obligations.items]
    people, count = _People(), 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            born, number = people.born(ADULTS_FROM, 18_250, i * 3)
            members = [_member(people, i, k) for k in range(i % 4)]
            household: dict[str, object] = {
                "customer_ref": f"PX-{i:08d}",
                "start_date": f"{2022 + i % 4}-{1 + i % 12:02d}-01",
                "affiliate": {
                    "given_name": FIRST_NAMES[i % 10],
                    "family_name": "Peeters",
                    "birth_date": born.isoformat(),
                    "language": ("nl", "fr", "de", "en")[i % 4],
                    "email": f"customer{i}@example.be",
                    "national_register_number": number,
                },
                "members": members,
                "address": {
                    "street": "Meir",
                    "number": str(1 + i % 300),
                    "postcode": f"{1000 + i % 8999}",
                    "city": "Antwerpen",
                },
                "prevention_declarations": dict.fromkeys(codes, i % 7 != 0),
                "paid_until": "2027-01-01",
            }
            if i % 5:
                household["mandate"] = {
                    "reference": f"PXM-{i:08d}",
                    "holder": "Peeters",
                    "iban": str(
                        IBAN.generate("BE", bank_code="096", account_code=f"{i % 10**7:07d}")
                    ),
                    "signature_date": "2021-12-15",
                }
            out.write(json.dumps(household, separators=(",", ":")) + "\n")
            count += 1 + len(members)
    return count


def _setup(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    database, clock = Database(engine), SystemClock()
    with database.uow() as uow:
        publish_products(uow, list(default_catalog().all()), clock, actor="bench")
        create_distributor(
            uow, code="proximus", name="Proximus", commission_bp=1500, clock=clock, actor="bench"
        )
        register_endpoint(uow, distributor="proximus", url="http://127.0.0.1:9/h", at=clock.now())
        uow.commit()
    engine.dispose()


def _import(
    url: str, book: Path, batch_size: int | None, workers: int | None
) -> tuple[float, float, float, str]:
    env = os.environ | {"CYBERCARE_DATABASE_URL": url, "CYBERCARE_ENVIRONMENT": "test"}
    command = [
        sys.executable, "-m", "cybercare.cli", "import", "book", str(book),
        "--distributor", "proximus", "--quiet",
        *(["--batch-size", str(batch_size)] if batch_size else []),
        *(["--workers", str(workers)] if workers is not None else []),
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"import failed:\n{output[-3000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in TABLES
        }


def _raw_copy(engine: Engine) -> float:
    """Every row of TABLES copied out (not timed), then written back into bare scratch tables
    with COPY FROM STDIN (timed)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            for t in TABLES:
                connection.execute(text(f"CREATE TABLE scratch_{t} AS SELECT * FROM {t} WHERE 0"))
        started = time.perf_counter()
        with engine.begin() as connection:
            for t in TABLES:
                connection.execute(text(f"INSERT INTO scratch_{t} SELECT * FROM {t}"))
        return time.perf_counter() - started
    raw = engine.raw_connection()
    try:
        dumps: dict[str, bytes] = {}
        with raw.cursor() as cursor:
            for t in TABLES:
                cursor.execute(f"CREATE TABLE scratch_{t} (LIKE {t})")
                buffer = io.BytesIO()
                with cursor.copy(f"COPY {t} TO STDOUT") as copy:  # type: ignore[attr-defined]
                    for block in copy:
                        buffer.write(block)
                dumps[t] = buffer.getvalue()
        raw.commit()
        started = time.perf_counter()
        with raw.cursor() as cursor:
            for t in TABLES:
                with cursor.copy(f"COPY scratch_{t} FROM STDIN") as copy:  # type: ignore[attr-defined]
                    copy.write(dumps[t])
        raw.commit()
        return time.perf_counter() - started
    finally:
        raw.close()


def bench(
    backend: str, n: int, batch_size: int | None, workers: int | None, rerun: bool = True
) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="cybercare-book-") as folder,
        sqlite_database() if backend == "sqlite" else postgres_database() as url,
    ):
        book = Path(folder) / "book.jsonl"
        started = time.perf_counter()
        people = write_book(book, n)
        generated = time.perf_counter() - started
        _setup(url)
        load = os.getloadavg()[0]
        import_s, cpu_s, peak_mb, output = _import(url, book, batch_size, workers)
        load_after = os.getloadavg()[0]
        rerun_s, again = 0.0, "not run (--no-rerun)"
        if rerun:
            rerun_s, _, _, again = _import(url, book, batch_size, workers)
        engine = make_engine(url)
        counts = _counts(engine)
        raw_s = _raw_copy(engine)
        engine.dispose()
        rows = sum(counts.values())
        print(
            f"{backend} N={n:,} households, {people:,} people (file written in {generated:.1f} s)"
        )
        print(
            f"  load average (1 min) before the import {load:.2f}, after {load_after:.2f}; "
            f"cores: {os.cpu_count()}"
        )
        print(
            f"  import  {import_s:8.1f} s  ({n / import_s:,.0f} households/s; the importing "
            f"process used {cpu_s:.1f} s of CPU; peak {peak_mb:.0f} MB)"
        )
        print(
            f"  raw COPY of the same {rows:,} rows {raw_s:8.1f} s  -> ratio {import_s / raw_s:.1f}x"
        )
        print(f"  re-run  {rerun_s:8.1f} s  ({again.strip().splitlines()[-1]})")
        print("  rows: " + ", ".join(f"{t} {c:,}" for t, c in counts.items()))
        print("  " + output.strip().splitlines()[-1])
        if counts["book_imports"] != n:
            print(f"  !! expected {n:,} imported households, found {counts['book_imports']:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=500_000)
    parser.add_argument("--backends", default="postgresql")
    parser.add_argument("--batch-size", type=int, default=None, help="default: the CLI's")
    parser.add_argument("--workers", type=int, default=None, help="default: the CLI's")
    parser.add_argument("--no-rerun", action="store_true", help="skip the re-run of the file")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        bench(backend, args.n, args.batch_size, args.workers, rerun=not args.no_rerun)


if __name__ == "__main__":
    main()
