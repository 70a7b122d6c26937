"""Crash safety of the billing run: a real `cybercare billing run` process killed with SIGKILL
at several points (inside a chunk's transaction, between chunks, before the ledger posting);
each rerun resumes, and the last one finishes the period with no duplicate and no missing line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select

from cybercare.db.tables import BillingRunRow, LedgerEntryRow, PremiumLineRow
from cybercare.db.uow import Database
from cybercare.ledger.service import unbalanced_entries
from tests.billing.builders import bulk_affiliations, seed

COUNT, CHUNK = 40, 7  # six chunks, the last one short
KILLED_RUN = Path(__file__).with_name("killed_run.py")


def _run(url: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CYBERCARE_DATABASE_URL": url, "CYBERCARE_ENVIRONMENT": "test"}
    if kill_at:  # the same run, killed by the test's own checkpoint
        command = [sys.executable, str(KILLED_RUN), kill_at, "2026-12", str(CHUNK)]
    else:
        command = [sys.executable, "-m", "cybercare.cli", "billing", "run", "--period", "2026-12"]
        command += ["--chunk-size", str(CHUNK), "--quiet"]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        lines = connection.scalar(select(func.count()).select_from(PremiumLineRow))
        distinct = connection.scalar(
            select(func.count(func.distinct(PremiumLineRow.affiliation_id)))
        )
        entries = connection.scalar(select(func.count()).select_from(LedgerEntryRow))
    return int(lines or 0), int(distinct or 0), int(entries or 0)


def test_a_run_killed_at_any_point_is_finished_by_a_rerun_without_duplicates(
    fresh_database: tuple[str, Engine],
) -> None:
    url, engine = fresh_database
    database = Database(engine)
    seed(database)
    with database.uow() as uow:
        bulk_affiliations(uow, COUNT)
        uow.commit()

    killed = _run(url, "before_commit:2")  # inside chunk 2's transaction: it never commits
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _counts(engine) == (CHUNK, CHUNK, 0)

    killed = _run(url, "after_chunk:4")  # resumes after chunk 1, dies after chunk 4 committed
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _counts(engine) == (4 * CHUNK, 4 * CHUNK, 0)

    killed = _run(url, "before_post")  # every line is there, the ledger entry is not
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _counts(engine) == (COUNT, COUNT, 0)

    finished = _run(url)
    assert finished.returncode == 0, finished.stderr
    assert "resumed" in finished.stdout
    assert _counts(engine) == (COUNT, COUNT, 1)

    again = _run(url)
    assert again.returncode == 0 and "already billed" in again.stdout
    assert _counts(engine) == (COUNT, COUNT, 1)
    with database.reader() as uow:
        assert unbalanced_entries(uow) == []
        run = uow.session.scalars(select(BillingRunRow)).one()
        assert (run.status, run.lines_created) == ("finished", COUNT)
