"""`cybercare bank import`: a real camt.053 (the parsers' sample) imported from the command
line with a summary; the same file again changes nothing; a statement of another account is
refused with its line number and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from cybercare.cli.bank_import import bank_app
from cybercare.db.tables import BankDocumentRow, BankLineRow
from cybercare.db.uow import Database
from cybercare.settings import DEVELOPMENT_CREDITOR

SAMPLE = Path(__file__).parents[1] / "banking" / "samples" / "camt053_day.xml"
SAMPLE_ACCOUNT = "BE68539007547034"


def test_bank_import_books_once_and_refuses_another_account_with_its_line(
    fresh_database: tuple[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = fresh_database
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    ours = tmp_path / "ours.xml"
    ours.write_bytes(
        SAMPLE.read_bytes().replace(SAMPLE_ACCOUNT.encode(), DEVELOPMENT_CREDITOR[1].encode())
    )
    first = CliRunner().invoke(bank_app, ["import", str(ours)])
    assert first.exit_code == 0, first.output
    assert "lines" in first.output and "matched" in first.output
    again = CliRunner().invoke(bank_app, ["import", str(ours)])
    assert again.exit_code == 0 and "already imported" in again.output
    refused = CliRunner().invoke(bank_app, ["import", str(SAMPLE)])
    assert refused.exit_code == 1
    assert "line 1" in refused.output and SAMPLE_ACCOUNT in refused.output
    with Database(engine).reader() as uow:
        assert uow.session.scalar(select(func.count(BankDocumentRow.id))) == 1
        assert (uow.session.scalar(select(func.count(BankLineRow.id))) or 0) > 0
