"""What the read log (Art. 11, issue 17) adds to a staff page view: one INSERT in the read's
transaction, and for pages that read on a read-only unit of work, a transaction that commits.

Seeds the demo world on a temporary database (SQLite, and PostgreSQL when it answers), then
times the data part of two pages, the household file and the case workspace, with and without
the log, alternating the variants. Templates are the same either way and left out.

    PYTHONPATH=src .venv/bin/python bench/read_log_cost.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from _http import postgres_available, postgres_database, sqlite_database

from cybercare.assistance.contacts import case_contacts
from cybercare.assistance.domain import ActionRefused
from cybercare.assistance.service import read_case
from cybercare.bootstrap import Container, build_container
from cybercare.db import migrate
from cybercare.db.tables import AffiliationRow, CaseRow, UserRow
from cybercare.demo.seeding import seed
from cybercare.http.reads import read_unit
from cybercare.identity.repository import principal
from cybercare.kernel.clock import SystemClock
from cybercare.privacy.read_log import affiliation_file_read
from cybercare.privacy.read_log_service import record_case_read, record_reads
from cybercare.publishing.service import publish_products
from cybercare.reporting.affiliation_file_queries import affiliation_file
from cybercare.settings import Environment, Settings


def _container(url: str) -> Container:
    migrate.upgrade(url)
    container = build_container(
        Settings(environment=Environment.DEVELOPMENT, database_url=url), clock=SystemClock()
    )
    with container.database.uow() as uow:
        publish_products(uow, list(container.catalog.all()), container.clock, actor="bench")
        uow.commit()
    with tempfile.TemporaryDirectory() as folder:
        seed(container, Path(folder) / "credentials.txt")
    return container


def _time(step: Callable[[], object], rounds: int) -> float:
    """The median of `rounds` runs, in milliseconds."""
    runs = []
    for _ in range(rounds):
        start = time.perf_counter()
        step()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def measure(url: str, rounds: int) -> dict[str, float]:
    container = _container(url)
    db, clock, catalog = container.database, container.clock, container.catalog
    with db.reader() as uow:
        affiliation_id = uow.session.scalar(select(AffiliationRow.id).limit(1))
        case_id = uow.session.scalar(select(CaseRow.id).where(CaseRow.urgent).limit(1))
        legal_id = uow.session.scalar(
            select(UserRow.id).where(UserRow.email == "legal@demo.cybercare.be")
        )
        staff = principal(uow, legal_id or "")
    assert affiliation_id
    assert case_id
    assert staff

    def file_before() -> None:
        with db.reader() as uow:
            affiliation_file(uow, affiliation_id, catalog, clock)

    def file_after() -> None:
        with read_unit(db, staff) as uow:
            found = affiliation_file(uow, affiliation_id, catalog, clock)
            read = affiliation_file_read(found.household_id, tuple(found.contacts), "search")
            record_reads(uow, staff, [read], clock)

    def case(log: bool) -> None:
        with db.uow() as uow:
            view = read_case(uow, staff, case_id, clock, log_purpose="backoffice.case")
            try:
                reach = case_contacts(uow, staff, case_id, clock, purpose="backoffice.case")
            except ActionRefused:
                reach = None
            if log:
                record_case_read(uow, staff, view, clock, contacts=reach)
            uow.commit()

    results: dict[str, list[float]] = {k: [] for k in ("file0", "file1", "case0", "case1")}
    for _ in range(5):  # alternate, so that caches and the disk treat both alike
        results["file0"].append(_time(file_before, rounds))
        results["file1"].append(_time(file_after, rounds))
        results["case0"].append(_time(lambda: case(False), rounds))
        results["case1"].append(_time(lambda: case(True), rounds))
    container.engine.dispose()
    return {k: statistics.median(v) for k, v in results.items()}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    engines = [("sqlite", sqlite_database)]
    if postgres_available() is None:
        engines.append(("postgresql", postgres_database))
    for name, database in engines:
        with database() as url:
            r = measure(url, rounds)
        print(
            f"{name:10} household file: {r['file0']:.2f} ms -> {r['file1']:.2f} ms "
            f"(+{r['file1'] - r['file0']:.2f}); case workspace: {r['case0']:.2f} ms -> "
            f"{r['case1']:.2f} ms (+{r['case1'] - r['case0']:.2f}), median of {rounds} x 5"
        )


if __name__ == "__main__":
    main()
