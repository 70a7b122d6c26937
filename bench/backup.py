"""Benchmark: the backup drill's time (backup, restore with its verification, comparison with the
source) and the archive's size, for the demo world and for 100,000 households.

    .venv/bin/python bench/backup.py [--households 100000] [--demo-backends sqlite,postgresql]
                                     [--households-backends postgresql]

Worlds, each in a fresh database (SQLite: a temporary file; PostgreSQL: a temporary database on
CYBERCARE_BENCH_POSTGRES_URL's server, dropped after):

- demo: the world of `make run` (`cybercare.demo.seed`: households in every state, staff, cases,
  claims with evidence, billing history);
- N households built set-based (bench/billing.py's `_populate`: households and active
  affiliations with their status periods; then two persons, two memberships, an address and the
  subscription's audit event per household, one INSERT ... SELECT each), then one billing run
  (`cybercare billing run`: a premium line per affiliation and the ledger entry).

Then the drill, timed step by step: `back_up` into an archive; `restore` into a new, empty
database (its time includes pg_restore's ANALYZE and the verification of the restored rows,
ledger and audit fingerprint against the manifest); the comparison with the source that
tests/operations/test_backup_drill.py makes (every restored audit event and ledger row identical
in the source). Nothing writes meanwhile: the test proves consistency under writes, this measures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.operations.drill

from _http import postgres_database, sqlite_database  # bench/, on sys.path as a script
from sqlalchemy import text
from tests.operations import drill

from billing import _billing_run, _populate  # bench/billing.py: the set-based world
from cybercare.bootstrap import Container
from cybercare.db import migrate
from cybercare.db.backup import back_up, restore
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.demo import seed
from cybercare.kernel.clock import SystemClock
from cybercare.product.catalog import default_catalog
from cybercare.settings import Environment, Settings

COUNTER = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :n) "
HH = "'hh_' || (1000000000 + n)"
MORE_PER_HOUSEHOLD = [
    "INSERT INTO persons (id, household_id, given_name, family_name, birth_date, language, email)"
    f" SELECT 'per_a' || n, {HH}, 'Marie', 'Dubois ' || n, '1984-05-17', 'fr',"
    " 'marie' || n || '@example.be' FROM seq",
    "INSERT INTO persons (id, household_id, given_name, family_name, birth_date, language)"
    f" SELECT 'per_b' || n, {HH}, 'Luc', 'Dubois ' || n, '1982-02-03', 'fr' FROM seq",
    "INSERT INTO memberships (household_id, person_id, relationship, joined_on)"
    f" SELECT {HH}, 'per_a' || n, 'affiliate', '2026-01-01' FROM seq",
    "INSERT INTO memberships (household_id, person_id, relationship, joined_on)"
    f" SELECT {HH}, 'per_b' || n, 'spouse', '2026-01-01' FROM seq",
    "INSERT INTO household_addresses (household_id, street, number, postcode, city, country,"
    f" from_date) SELECT {HH}, 'Rue de la Loi', '' || n, '1000', 'Bruxelles', 'BE', '2026-01-01'"
    " FROM seq",
    "INSERT INTO audit_events (occurred_at, actor, action, subject_type, subject_id, clause,"
    " details) SELECT :at, 'api:proximus', 'affiliation.subscribed', 'affiliation',"
    " 'aff_' || (1000000000 + n), 'Art. 3.2', '{}' FROM seq",
]


@dataclass
class Result:
    world: str
    backend: str
    rows: int
    audit_events: int
    archive_bytes: int
    backup_s: float
    restore_s: float
    compare_s: float

    @property
    def drill_s(self) -> float:
        return self.backup_s + self.restore_s + self.compare_s

    def show(self) -> None:
        print(
            f"{self.world:<18} {self.backend:<11} {self.rows:>10,} rows {self.audit_events:>8,}"
            f" audit events  archive {self.archive_bytes / 1e6:8.1f} MB  backup"
            f" {self.backup_s:6.2f} s  restore+verify {self.restore_s:6.2f} s  compare"
            f" {self.compare_s:6.2f} s  drill {self.drill_s:6.2f} s",
            flush=True,
        )


@contextmanager
def database(backend: str) -> Iterator[str]:
    with sqlite_database() if backend == "sqlite" else postgres_database() as url:
        yield url


def demo_world(url: str, folder: Path) -> None:
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT, database_url=url, staff_second_factor_required=False
    )
    engine = make_engine(url)
    try:
        container = Container(
            settings=settings,
            engine=engine,
            database=Database(engine),
            catalog=default_catalog(),
            clock=SystemClock(),
        )
        seed(container, folder / "demo-credentials.txt")
    finally:
        engine.dispose()


def households_world(url: str, n: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        _populate(engine, n)
        sqlite = engine.dialect.name == "sqlite"
        at = "2026-01-01 00:00:00.000000" if sqlite else "2026-01-01 00:00:00+00"
        with engine.begin() as connection:
            for statement in MORE_PER_HOUSEHOLD:
                connection.execute(text(COUNTER + statement), {"n": n, "at": at})
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    _billing_run(url, None)


def run_drill(world: str, backend: str, url: str, folder: Path) -> Result:
    archive = folder / f"{world}-{backend}.tar"
    with database(backend) as restored_url:
        started = time.perf_counter()
        summary = back_up(url, archive, at=SystemClock().now())
        backed_up = time.perf_counter()
        restore(archive, restored_url)
        restored = time.perf_counter()
        source_trail, copy_trail = drill.audit_trail(url), drill.audit_trail(restored_url)
        problems = drill.not_in_source(copy_trail, source_trail)
        source_books, copy_books = drill.ledger(url), drill.ledger(restored_url)
        for part in ("entries", "lines"):
            problems += drill.not_in_source(copy_books[part], source_books[part])
        compared = time.perf_counter()
    if problems or len(copy_trail) != len(source_trail):
        raise RuntimeError(f"{world} on {backend}: the restored copy differs: {problems[:5]}")
    figures = summary.manifest.figures
    return Result(
        world,
        backend,
        figures.rows,
        figures.audit_events,
        summary.size_bytes,
        backed_up - started,
        restored - backed_up,
        compared - restored,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--demo-backends", default="sqlite,postgresql")
    parser.add_argument("--households-backends", default="postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cybercare-bench-backup-") as work:
        folder = Path(work)
        plans = [("demo", b) for b in args.demo_backends.split(",") if b] + [
            (f"{args.households:,} households", b)
            for b in args.households_backends.split(",")
            if b and args.households
        ]
        for world, backend in plans:
            with database(backend) as url:
                started = time.perf_counter()
                if world == "demo":
                    demo_world(url, folder)
                else:
                    households_world(url, args.households)
                print(f"{world} on {backend}: built in {time.perf_counter() - started:.1f} s")
                run_drill(world.split()[0], backend, url, folder).show()


if __name__ == "__main__":
    main()
