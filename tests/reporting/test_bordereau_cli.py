"""`cybercare reports bordereau`: writes the file (all or nothing) with the same bytes as the
page and the API, and refuses a malformed month with a message and a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cybercare.billing.domain import Period
from cybercare.billing.run import run_billing
from cybercare.cli.reports import reports_app
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import default_catalog
from tests.billing.builders import bulk_affiliations, seed

COUNT = 25


def test_the_command_writes_the_bordereau_and_refuses_a_bad_month(
    fresh_database: tuple[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    database = Database(engine)
    seed(database)
    with database.uow() as uow:
        bulk_affiliations(uow, COUNT)
        uow.commit()
    november = Period(2026, 11)
    run_billing(database, default_catalog(), FixedClock.on(november.start), november)
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    runner = CliRunner()
    for fmt in ("json", "csv", "xlsx"):
        target = tmp_path / f"premium.{fmt}"
        arguments = ["--month", "2026-11", "--kind", "premium", "--format", fmt, "--quiet"]
        result = runner.invoke(reports_app, [*arguments, "--out", str(target)])
        assert result.exit_code == 0, result.output
        assert f"{COUNT} lines written" in result.output
    document = json.loads((tmp_path / "premium.json").read_text(encoding="utf-8"))
    assert document["reconciled"] is True and len(document["lines"]) == COUNT
    again = tmp_path / "again.xlsx"
    arguments = ["--month", "2026-11", "--kind", "premium", "--format", "xlsx", "--quiet"]
    runner.invoke(reports_app, [*arguments, "--out", str(again)])
    assert again.read_bytes() == (tmp_path / "premium.xlsx").read_bytes()
    bad = ["--month", "2026-13", "--kind", "claims", "--out", str(tmp_path / "x")]
    refused = runner.invoke(reports_app, bad)
    assert refused.exit_code != 0 and not (tmp_path / "x").exists()
