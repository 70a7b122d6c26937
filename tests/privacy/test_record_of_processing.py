"""GDPR art. 30: docs/privacy.md is the record generated from the schedule and the tables."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.tables import metadata
from cybercare.privacy.record_queries import record_markdown
from cybercare.privacy.schedule import load_schedule

DOC = Path(__file__).parents[2] / "docs" / "privacy.md"


def test_the_committed_record_is_what_the_schedule_and_tables_generate() -> None:
    expected = record_markdown(load_schedule())
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/privacy.md is stale: run `cybercare privacy record > docs/privacy.md`"
    )


def test_the_record_names_every_table_and_every_category() -> None:
    text = record_markdown(load_schedule())
    assert all(f"| `{table}` |" in text for table in metadata.tables)
    assert all(f"### `{c.code}`" in text for c in load_schedule().categories)


def test_the_cli_prints_the_record() -> None:
    result = CliRunner().invoke(app, ["privacy", "record"])
    assert result.exit_code == 0
    assert result.stdout == record_markdown(load_schedule())
