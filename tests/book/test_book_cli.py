"""`cybercare import book FILE`: the dry run prints every problem as FILE:line N and writes
nothing; the import prints its summary; a re-run imports nothing; a refused line exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.tables import BookImportRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from tests.book import builders
from tests.policy_service import builders as policy_builders


@pytest.fixture
def database(fresh_database: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch) -> Database:
    url, engine = fresh_database
    monkeypatch.setenv("CYBERCARE_DATABASE_URL", url)
    database = Database(engine)
    policy_builders.seed(database, SystemClock(), products=policy_builders.catalog())
    return database


def imported(database: Database) -> int:
    with database.reader() as uow:
        return uow.session.scalar(select(func.count()).select_from(BookImportRow)) or 0


def test_dry_run_then_import_then_rerun(database: Database, tmp_path: Path) -> None:
    bad = builders.household(2)
    bad["mandate"]["iban"] = "BE00096123456769"
    book = tmp_path / "book.jsonl"
    book.write_text(builders.jsonl(builders.household(1), bad))
    command = ["import", "book", str(book), "--distributor", "proximus", "--quiet", "--workers=0"]

    dry = CliRunner().invoke(app, [*command, "--dry-run"])
    assert dry.exit_code == 1, dry.output
    assert "book.jsonl:line 2: mandate.iban:" in dry.output
    assert "would import 1" in dry.output
    assert imported(database) == 0

    book.write_text(builders.jsonl(builders.household(1), builders.household(2)))
    done = CliRunner().invoke(app, command)
    assert done.exit_code == 0, done.output
    assert "imported 2, 0 already imported, 0 refused" in done.output
    again = CliRunner().invoke(app, command)
    assert again.exit_code == 0, again.output
    assert "imported 0, 2 already imported" in again.output
    assert imported(database) == 2


def test_a_file_that_is_not_a_book_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "book.txt"
    other.write_text("")
    result = CliRunner().invoke(app, ["import", "book", str(other), "--distributor", "proximus"])
    assert result.exit_code == 2
    assert "a book is a .jsonl or a .csv file" in result.output
