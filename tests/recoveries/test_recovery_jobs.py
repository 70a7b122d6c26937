"""The daily sweep (worker job `claims.recovery_files`) and `cybercare recoveries sweep|list`."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cybercare.cli.recoveries import recoveries_app
from cybercare.db.uow import Database
from cybercare.jobs import build_job_registry, recovery_files_job
from cybercare.kernel.clock import FixedClock
from tests.claims.builders import catalog
from tests.recoveries.builders import paid_ecom_claim


def test_art_8_5_the_daily_job_opens_the_files_of_paid_claims(
    fresh_database: tuple[str, Engine], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    assert "claims.recovery_files" in build_job_registry(catalog())
    database = Database(engine)
    with database.uow() as uow:
        _, claim_id = paid_ecom_claim(uow, clock, 40_000)
        uow.commit()
    assert recovery_files_job(database, clock) == "opened 1 recovery files"
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    swept = CliRunner().invoke(recoveries_app, ["sweep"])
    assert swept.exit_code == 0, swept.output
    assert "opened 0 recovery files" in swept.output
    listed = CliRunner().invoke(recoveries_app, ["list", "--status", "open"])
    assert listed.exit_code == 0, listed.output
    assert claim_id in listed.output and "+++900/0000/" in listed.output
