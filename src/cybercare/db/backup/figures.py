"""What a backup promises to hold, counted inside its own snapshot: the rows of every table, the
ledger's totals per account and a fingerprint of the audit trail.

The same figures are taken again from the restored database; the restore is verified when the
two agree. They are taken in the very read transaction the copy is made from (SQLite: the
backup reads that transaction's snapshot; PostgreSQL: pg_dump runs on its exported snapshot),
so they describe the archive exactly, however many writes the server made meanwhile.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, Text, cast, column, func, inspect, select, table, text

from cybercare.db.backup.errors import BackupRefused
from cybercare.db.backup.progress import Progress, silent
from cybercare.db.tables import AuditEvent, LedgerEntryRow, LedgerLineRow

AUDIT_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class AccountTotals:
    debit_cents: int
    credit_cents: int


@dataclass(frozen=True, slots=True)
class Figures:
    tables: Mapping[str, int]  # rows per table, every table of the database
    ledger: Mapping[str, AccountTotals]  # per account
    unbalanced_entries: int  # entries whose lines do not add up (always 0)
    audit_events: int
    audit_last_id: int | None
    audit_sha256: str  # of every event's fields, in id order

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def debit_cents(self) -> int:
        return sum(totals.debit_cents for totals in self.ledger.values())

    @property
    def credit_cents(self) -> int:
        return sum(totals.credit_cents for totals in self.ledger.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "tables": dict(sorted(self.tables.items())),
            "ledger": {
                "accounts": {
                    account: {"debit_cents": t.debit_cents, "credit_cents": t.credit_cents}
                    for account, t in sorted(self.ledger.items())
                },
                "debit_cents": self.debit_cents,
                "credit_cents": self.credit_cents,
                "unbalanced_entries": self.unbalanced_entries,
            },
            "audit_trail": {
                "events": self.audit_events,
                "last_id": self.audit_last_id,
                "sha256": self.audit_sha256,
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figures:
        ledger, audit = data["ledger"], data["audit_trail"]
        return cls(
            tables={str(name): int(count) for name, count in data["tables"].items()},
            ledger={
                str(account): AccountTotals(int(t["debit_cents"]), int(t["credit_cents"]))
                for account, t in ledger["accounts"].items()
            },
            unbalanced_entries=int(ledger["unbalanced_entries"]),
            audit_events=int(audit["events"]),
            audit_last_id=None if audit["last_id"] is None else int(audit["last_id"]),
            audit_sha256=str(audit["sha256"]),
        )

    def differences(self, restored: Figures) -> list[str]:
        """What `restored` holds that differs from these figures, one line each; none: equal."""
        found = [
            f"table {name}: {self.tables.get(name, 'absent')} rows in the backup, "
            f"{restored.tables.get(name, 'absent')} restored"
            for name in sorted(set(self.tables) | set(restored.tables))
            if self.tables.get(name) != restored.tables.get(name)
        ]
        found += [
            f"ledger account {account}: {self.ledger.get(account)} in the backup, "
            f"{restored.ledger.get(account)} restored"
            for account in sorted(set(self.ledger) | set(restored.ledger))
            if self.ledger.get(account) != restored.ledger.get(account)
        ]
        if restored.unbalanced_entries:
            found.append(f"{restored.unbalanced_entries} ledger entries do not balance")
        mine = (self.audit_events, self.audit_last_id, self.audit_sha256)
        theirs = (restored.audit_events, restored.audit_last_id, restored.audit_sha256)
        if mine != theirs:
            found.append(f"audit trail: {mine} in the backup, {theirs} restored")
        return found


def take_figures(connection: Connection, progress: Progress = silent) -> Figures:
    """The figures of the database as `connection`'s transaction sees it."""
    return Figures(
        tables=_row_counts(connection, progress),
        ledger=_ledger_totals(connection),
        unbalanced_entries=_unbalanced_entries(connection),
        **_audit_fingerprint(connection),
    )


def table_names(connection: Connection) -> list[str]:
    """Every table of the database, the ones the code does not know included. SQLite's are read
    from its catalogue with a SELECT: a reader may not run the PRAGMAs `inspect` uses."""
    if connection.dialect.name == "sqlite":
        catalogue = connection.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        )
        return sorted(catalogue)
    return sorted(inspect(connection).get_table_names())


def _row_counts(connection: Connection, progress: Progress) -> dict[str, int]:
    names = table_names(connection)
    counts: dict[str, int] = {}
    for name in names:
        progress("counting rows", len(counts), len(names))
        counts[name] = int(connection.scalar(select(func.count()).select_from(table(name))) or 0)
    progress("counting rows", len(counts), len(names))
    return counts


def _ledger_totals(connection: Connection) -> dict[str, AccountTotals]:
    rows = connection.execute(
        select(
            LedgerLineRow.account,
            func.coalesce(func.sum(LedgerLineRow.debit_cents), 0),
            func.coalesce(func.sum(LedgerLineRow.credit_cents), 0),
        ).group_by(LedgerLineRow.account)
    )
    return {str(account): AccountTotals(int(debit), int(credit)) for account, debit, credit in rows}


def _unbalanced_entries(connection: Connection) -> int:
    lines = (
        select(
            LedgerLineRow.entry_id,
            func.sum(LedgerLineRow.debit_cents).label("debits"),
            func.sum(LedgerLineRow.credit_cents).label("credits"),
        )
        .group_by(LedgerLineRow.entry_id)
        .subquery()
    )
    unbalanced = (
        select(func.count())
        .select_from(LedgerEntryRow)
        .outerjoin(lines, lines.c.entry_id == LedgerEntryRow.id)
        .where(
            (lines.c.entry_id.is_(None))
            | (lines.c.debits != lines.c.credits)
            | (lines.c.debits != LedgerEntryRow.total_cents)
        )
    )
    return int(connection.scalar(unbalanced) or 0)


def audit_events() -> Select[int, datetime, str, str, str, str, str | None, str]:
    """Every audit event in id order, its details as the database's own text (PostgreSQL's
    jsonb text is canonical; SQLite keeps the text written): decoding and re-encoding them in
    Python would double the fingerprint's time for nothing."""
    event = AuditEvent
    return select(
        event.id,
        event.occurred_at,
        event.actor,
        event.action,
        event.subject_type,
        event.subject_id,
        event.clause,
        cast(event.details, Text).label("details"),
    ).order_by(event.id)


def audit_line(row: Any) -> bytes:
    """One event of `audit_events()` as bytes: the fingerprint changes if any field of any
    event does."""
    fields = [
        row.id,
        row.occurred_at.isoformat(),
        row.actor,
        row.action,
        row.subject_type,
        row.subject_id,
        row.clause,
        row.details,
    ]
    return json.dumps(fields, separators=(",", ":")).encode() + b"\n"


def _audit_fingerprint(connection: Connection) -> dict[str, Any]:
    digest = hashlib.sha256()
    count, last_id = 0, None
    streamed = connection.execution_options(stream_results=True, max_row_buffer=AUDIT_BATCH)
    for batch in streamed.execute(audit_events()).partitions(AUDIT_BATCH):
        for row in batch:
            digest.update(audit_line(row))
        count += len(batch)
        last_id = int(batch[-1].id)
    return {"audit_events": count, "audit_last_id": last_id, "audit_sha256": digest.hexdigest()}


def schema_revision(connection: Connection) -> str:
    """The Alembic revision the database is at: the schema the backup's rows belong to."""
    if "alembic_version" not in table_names(connection):
        raise BackupRefused("the database has no schema revision: it was never migrated")
    version = table("alembic_version", column("version_num"))
    revisions = list(connection.scalars(select(version.c.version_num)))
    if len(revisions) != 1:
        raise BackupRefused(f"the database is at {len(revisions)} schema revisions, not one")
    return str(revisions[0])
