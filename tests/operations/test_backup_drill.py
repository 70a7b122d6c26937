"""The backup drill (docs/backup.md): the server keeps taking subscriptions and claims with their
evidence while `cybercare backup` runs; `cybercare restore` puts the archive into a new, empty
database; the restored copy holds exactly the backup's snapshot: the rows, ledger totals and
audit trail its manifest counted, every write acknowledged before the backup began, none sent
after it ended, and nothing the source does not hold identically (drill.py says why these
comparisons are honest)."""

from __future__ import annotations

from pathlib import Path

from cybercare.db.backup import figures_of, read_manifest
from tests.conftest import Backend
from tests.operations import drill

HOUSEHOLDS = 6  # claims go round their cases


def test_a_backup_taken_while_the_server_writes_restores_exactly_its_snapshot(
    backend: Backend,
    fresh_database: tuple[str, object],
    empty_database_url: str,
    tmp_path: Path,
) -> None:
    source_url, _ = fresh_database
    world = drill.seed_world(source_url, HOUSEHOLDS)
    archive = tmp_path / "drill.tar"

    with drill.server(source_url) as base_url, drill.Traffic(base_url, world) as traffic:
        traffic.wait_until(lambda t: len(t.of("affiliation")) >= 3 and len(t.of("claim")) >= 3)
        backup = drill.cli("backup", str(archive), "--database-url", source_url)
        traffic.wait_until(
            lambda t: all(
                sum(w.sent_at > backup.ended_at for w in t.of(kind)) >= 2
                for kind in ("affiliation", "claim")
            )
        )
    assert not traffic.errors
    during = [w for w in traffic.writes if backup.started_at < w.acked_at < backup.ended_at]
    assert during, "the server acknowledged writes while the backup ran"

    restored = drill.cli("restore", str(archive), "--database-url", empty_database_url)
    assert restored.summary["verified"] is True
    manifest = read_manifest(archive)
    assert manifest.database == backend.name
    assert restored.summary["rows"] == backup.summary["rows"] == manifest.figures.rows

    # The restored copy is the snapshot the manifest counted: rows per table, ledger per
    # account, the audit trail's fingerprint.
    figures = figures_of(empty_database_url)
    assert figures == manifest.figures
    assert figures.unbalanced_entries == 0
    assert figures.debit_cents == figures.credit_cents > 0

    # Acknowledged before the backup began: restored; sent after it ended: not.
    for kind in ("affiliation", "claim"):
        before = [w.id for w in traffic.of(kind) if w.acked_at < backup.started_at]
        after = [w.id for w in traffic.of(kind) if w.sent_at > backup.ended_at]
        assert drill.ids_in(empty_database_url, kind, before) == set(before)
        assert drill.ids_in(empty_database_url, kind, after) == set()
        assert drill.ids_in(source_url, kind, after) == set(after)

    # Append-only books: every restored audit event and ledger row is the source's, unchanged;
    # the source went on growing after the snapshot.
    source_trail, restored_trail = (
        drill.audit_trail(source_url),
        drill.audit_trail(empty_database_url),
    )
    assert drill.not_in_source(restored_trail, source_trail) == []
    assert len(restored_trail) == manifest.figures.audit_events < len(source_trail)
    source_books, restored_books = drill.ledger(source_url), drill.ledger(empty_database_url)
    for part in ("entries", "lines"):
        assert drill.not_in_source(restored_books[part], source_books[part]) == []

    # A snapshot never splits a transaction: a write is restored with its audit event, or not
    # at all.
    for kind, action in (("affiliation", "affiliation.subscribed"), ("claim", "claim.submitted")):
        ids = [w.id for w in traffic.of(kind)]
        assert drill.ids_in(empty_database_url, kind, ids) == drill.audited_subjects(
            empty_database_url, action, ids
        )

    # Evidence files are rows of the database: restored byte for byte.
    assert manifest.figures.tables["claim_evidence"] > 0
    assert drill.evidence_not_matching_its_checksum(empty_database_url) == []
