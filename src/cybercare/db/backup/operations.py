"""Backing up the platform into one archive and restoring it into an empty database.

Everything the platform keeps is in its database, claim evidence files included (rows of
`claim_evidence`, kept byte for byte with their SHA-256), so the archive is the database and its
manifest (`archive.py`). A restore trusts nothing it has not checked: the archive's format, the
engine, a schema this code knows, an empty target, the checksum of the database it holds; and
afterwards the restored rows, ledger totals and audit trail against the figures the archive
recorded in its snapshot.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from cybercare import __version__
from cybercare.db.backup import postgres, sqlite
from cybercare.db.backup.archive import (
    Manifest,
    extract_member,
    file_member,
    read_manifest,
    write_archive,
)
from cybercare.db.backup.errors import BackupError, BackupRefused, RestoreMismatch
from cybercare.db.backup.figures import Figures, take_figures
from cybercare.db.backup.progress import Progress, silent
from cybercare.db.engine import make_engine, reader_engine
from cybercare.db.migrate import MIGRATIONS_DIR

MEMBERS = {"sqlite": sqlite.MEMBER, "postgresql": postgres.MEMBER}


@dataclass(frozen=True, slots=True)
class BackupSummary:
    archive: Path
    size_bytes: int
    manifest: Manifest

    def as_json(self) -> dict[str, Any]:
        return {
            "archive": str(self.archive),
            "size_bytes": self.size_bytes,
            **_brief(self.manifest),
        }


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    manifest: Manifest
    restored: Figures
    code_revision: str  # the newest schema this code knows

    @property
    def needs_upgrade(self) -> bool:
        return self.manifest.alembic_revision != self.code_revision

    def as_json(self) -> dict[str, Any]:
        return {
            **_brief(self.manifest),
            "verified": True,
            "code_revision": self.code_revision,
            "needs_upgrade": self.needs_upgrade,
        }


def engine_kind(url: str) -> str:
    kind = make_url(url).get_backend_name()
    if kind not in MEMBERS:
        raise BackupRefused(f"{kind} databases are not supported (SQLite and PostgreSQL are)")
    return kind


def back_up(url: str, target: Path, *, at: datetime, progress: Progress = silent) -> BackupSummary:
    """Write the archive of the database at `url` to the new file `target`. The server may keep
    serving: the archive holds the database as it was when the backup began."""
    if target.exists():
        raise BackupRefused(f"{target} exists already: a backup never overwrites a file")
    kind = engine_kind(url)
    name = MEMBERS[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cybercare-backup-", dir=target.parent) as work:
        copy = Path(work) / name
        copied = sqlite.copy_database if kind == "sqlite" else postgres.dump_database
        with _unreachable_database():
            snapshot = copied(url, copy, progress)
        member = file_member(copy, lambda done, total: progress("checksum", done, total))
        manifest = Manifest(
            created_at=at,
            database=kind,
            alembic_revision=snapshot.revision,
            application_version=__version__,
            figures=snapshot.figures,
            members={name: member},
        )
        write_archive(
            target, manifest, {name: copy}, lambda done, total: progress("archive", done, total)
        )
    return BackupSummary(target, target.stat().st_size, manifest)


def restore(archive: Path, url: str, *, progress: Progress = silent) -> RestoreSummary:
    """Restore `archive` into the empty database at `url` and verify it against the archive's
    figures. Refused, with nothing written, unless every check before the restore passes."""
    manifest = read_manifest(archive)
    kind = engine_kind(url)
    if manifest.database != kind:
        raise BackupRefused(
            f"{archive} is a {manifest.database} backup: it restores into {manifest.database},"
            f" not into {kind}"
        )
    code_revision = _known_schema(manifest.alembic_revision)
    adapter = sqlite if kind == "sqlite" else postgres
    adapter.refuse_unless_empty(url)
    name = MEMBERS[kind]
    if name not in manifest.members:
        raise BackupRefused(f"{archive} holds no {name}")
    where = sqlite.database_path(url).parent if kind == "sqlite" else None
    if where is not None:
        where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cybercare-restore-", dir=where) as work:
        copy = Path(work) / name
        extract_member(
            archive,
            name,
            manifest.members[name],
            copy,
            lambda done, total: progress("checksum", done, total),
        )
        adapter.restore_database(copy, url, progress)
    with _unreachable_database():
        restored = figures_of(url, lambda _step, done, total: progress("verifying", done, total))
    differences = manifest.figures.differences(restored)
    if differences:
        raise RestoreMismatch(differences)
    return RestoreSummary(manifest, restored, code_revision)


def figures_of(url: str, progress: Progress = silent) -> Figures:
    """The figures of the database at `url`, read in one consistent transaction."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            reader = reader_engine(engine)
        else:
            reader = engine.execution_options(isolation_level="REPEATABLE READ")
        with reader.connect() as connection, connection.begin():
            return take_figures(connection, progress)
    finally:
        engine.dispose()


@contextmanager
def _unreachable_database() -> Iterator[None]:
    """A database that does not answer is said in one line, not a traceback."""
    try:
        yield
    except OperationalError as error:
        raise BackupError(f"the database does not answer: {error.orig or error}") from None


def _known_schema(revision: str) -> str:
    """The newest revision this code knows; refused when the backup's is not one of them (a
    backup of a newer release: restore it with that release, never with older code)."""
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    head = scripts.get_current_head() or ""
    try:
        known = scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupRefused(
            f"the backup's schema revision {revision} is newer than this code (its newest is"
            f" {head}): restore it with the release that wrote it"
        )
    return head


def _brief(manifest: Manifest) -> dict[str, Any]:
    figures = manifest.figures
    return {
        "created_at": manifest.created_at.isoformat(),
        "database": manifest.database,
        "alembic_revision": manifest.alembic_revision,
        "tables": len(figures.tables),
        "rows": figures.rows,
        "ledger_debit_cents": figures.debit_cents,
        "ledger_credit_cents": figures.credit_cents,
        "audit_events": figures.audit_events,
        "audit_sha256": figures.audit_sha256,
    }
