"""`cybercare bank pull` from the command line, against the simulator process."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cybercare.cli import app
from tests.banksim.conftest import Bank


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERCARE_ENVIRONMENT", "test")
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


@pytest.mark.usefixtures("environment")
def test_bank_pull_reports_what_it_imported(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERCARE_BANK_URL", bank.url)
    last = max((d["seq"] for d in bank.client.get("/documents").json()), default=0)
    result = CliRunner().invoke(app, ["bank", "pull", "--after", str(last)])
    assert result.exit_code == 0, result.output
    assert f"0 bank documents imported after #{last}" in result.output


@pytest.mark.usefixtures("environment")
def test_bank_pull_without_a_bank_url_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYBERCARE_BANK_URL", raising=False)
    result = CliRunner().invoke(app, ["bank", "pull"])
    assert result.exit_code == 1
    assert "CYBERCARE_BANK_URL" in result.output
