"""A restore trusts nothing it has not checked: it refuses, with nothing written, a database that
is not empty, an archive whose database fails its checksum, a backup of a newer schema than the
code, a backup of the other engine and a file that is not a backup; and a restore that does not
match the figures its archive recorded is reported unusable. A backup never overwrites a file."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cybercare.cli import app
from cybercare.db.backup import (
    BackupRefused,
    RestoreMismatch,
    back_up,
    figures_of,
    read_manifest,
    restore,
)
from cybercare.db.backup.archive import MANIFEST
from cybercare.db.backup.figures import table_names
from cybercare.db.engine import make_engine
from tests.conftest import Backend

AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def source(fresh_database: tuple[str, object]) -> str:
    """A migrated database, with the product catalogue's schema and its revision."""
    url, _ = fresh_database
    return url


@pytest.fixture
def archive(source: str, tmp_path: Path) -> Path:
    """A backup of `source`."""
    target = tmp_path / "backup.tar"
    back_up(source, target, at=AT)
    return target


def _tables(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return table_names(connection)
    finally:
        engine.dispose()


def _database_member(archive: Path) -> tarfile.TarInfo:
    with tarfile.open(archive) as tar:
        return next(member for member in tar.getmembers() if member.name != MANIFEST)


def _with_manifest(archive: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of `archive` whose manifest `change` edited; the database member is untouched."""
    changed = archive.with_name("changed.tar")
    with tarfile.open(archive) as source, tarfile.open(changed, "w") as target:
        manifest = json.loads(source.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        change(manifest)
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        target.addfile(info, io.BytesIO(body))
        member = _database_member(archive)
        target.addfile(member, source.extractfile(member))
    return changed


def test_restore_refuses_a_database_that_is_not_empty_and_leaves_it_as_it_was(
    source: str, archive: Path
) -> None:
    before = figures_of(source)

    result = CliRunner().invoke(app, ["restore", str(archive), "--database-url", source])

    assert result.exit_code == 1
    assert "is not empty" in result.stderr and "never over" in result.stderr
    assert figures_of(source) == before


def test_restore_refuses_an_archive_whose_database_fails_its_checksum(
    archive: Path, empty_database_url: str
) -> None:
    member = _database_member(archive)
    with archive.open("r+b") as handle:  # one flipped byte in the middle of the database
        handle.seek(member.offset_data + member.size // 2)
        byte = handle.read(1)[0]
        handle.seek(-1, io.SEEK_CUR)
        handle.write(bytes([byte ^ 0xFF]))

    with pytest.raises(BackupRefused, match="is corrupted: database"):
        restore(archive, empty_database_url)
    assert _tables(empty_database_url) == []


def test_restore_refuses_a_backup_of_a_newer_schema_than_the_code(
    archive: Path, empty_database_url: str
) -> None:
    newer = _with_manifest(archive, lambda m: m.update(alembic_revision="0999_next_release"))

    with pytest.raises(BackupRefused, match="0999_next_release is newer than this code"):
        restore(newer, empty_database_url)
    assert _tables(empty_database_url) == []


def test_a_restore_that_differs_from_its_manifest_is_reported_unusable(
    archive: Path, empty_database_url: str
) -> None:
    """The database member is intact (its checksum passes) but the manifest promised one more
    audit event than the snapshot held: the verification after the restore catches it."""
    inflated = _with_manifest(
        archive, lambda m: m["audit_trail"].update(events=m["audit_trail"]["events"] + 1)
    )

    with pytest.raises(RestoreMismatch, match="audit trail") as refused:
        restore(inflated, empty_database_url)
    assert len(refused.value.differences) == 1


def test_restore_refuses_a_backup_of_the_other_database_engine(
    sqlite_backend: Backend, tmp_path: Path
) -> None:
    target = tmp_path / "sqlite.tar"
    back_up(sqlite_backend.make_copy(), target, at=AT)  # type: ignore[operator]

    with pytest.raises(BackupRefused, match="sqlite backup: it restores into sqlite"):
        restore(target, "postgresql+psycopg://nobody@127.0.0.1:1/nowhere")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    stranger = tmp_path / "notes.tar"
    stranger.write_bytes(b"not a tar archive at all" * 100)

    with pytest.raises(BackupRefused, match="cannot be read as a Cyber Care backup"):
        restore(stranger, f"sqlite:///{tmp_path / 'new.db'}")
    assert not (tmp_path / "new.db").exists()


def test_a_backup_never_overwrites_a_file(sqlite_backend: Backend, tmp_path: Path) -> None:
    existing = tmp_path / "yesterday.tar"
    existing.write_bytes(b"yesterday's backup")

    with pytest.raises(BackupRefused, match="exists already"):
        back_up(sqlite_backend.make_copy(), existing, at=AT)  # type: ignore[operator]
    assert existing.read_bytes() == b"yesterday's backup"


def test_the_manifest_records_the_schema_the_figures_and_the_checksum_of_the_database(
    archive: Path, backend: Backend
) -> None:
    manifest = read_manifest(archive)

    assert manifest.created_at == AT
    assert manifest.database == backend.name
    assert manifest.alembic_revision and manifest.figures.tables["alembic_version"] == 1
    member = _database_member(archive)
    assert manifest.members[member.name].size_bytes == member.size
    assert len(manifest.members[member.name].sha256) == 64
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
