"""ledger integrity: every entry balances by the database's own check, and the append-only
tables refuse TRUNCATE (issue 15, "Integrity of the books")

The entry header carries its total and its number of lines (`total_cents`, `line_count`), so a
line can be checked against the entry it belongs to. PostgreSQL checks each entry at COMMIT
(deferred constraint triggers: the lines are written after their header). SQLite has no deferred
triggers: its triggers refuse a line that overshoots its entry's total or line count, check the
entry when its last line arrives, and refuse a new entry while the newest one is incomplete.
docs/ledger.md explains the choice.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = (
    "audit_events",
    "ledger_entries",
    "ledger_lines",
    "note_access_log",
    "contact_attempts",
)

_BACKFILL = (
    "UPDATE ledger_entries SET "
    "total_cents = (SELECT coalesce(sum(debit_cents), 0) FROM ledger_lines "
    "WHERE ledger_lines.entry_id = ledger_entries.id), "
    "line_count = (SELECT count(*) FROM ledger_lines WHERE ledger_lines.entry_id = ledger_entries.id)"
)

# SQLite: a line never overshoots its entry, the last line closes a balanced entry.
_SQLITE_LINE_CHECK = """
CREATE TRIGGER ledger_lines_balance AFTER INSERT ON ledger_lines
BEGIN
  SELECT RAISE(ABORT, 'ledger entry does not balance')
  FROM ledger_entries AS e,
       (SELECT count(*) AS n, sum(debit_cents) AS d, sum(credit_cents) AS c
        FROM ledger_lines WHERE entry_id = NEW.entry_id) AS s
  WHERE e.id = NEW.entry_id
    AND (s.n > e.line_count OR s.d > e.total_cents OR s.c > e.total_cents
         OR (s.n = e.line_count AND (s.d <> e.total_cents OR s.c <> e.total_cents)));
END
"""
# SQLite: a header states a real entry, and the ledger moves on only from a complete entry.
_SQLITE_ENTRY_CHECK = """
CREATE TRIGGER ledger_entries_complete BEFORE INSERT ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger entry header: total and line count must be positive')
  WHERE NEW.total_cents IS NULL OR NEW.total_cents <= 0
     OR NEW.line_count IS NULL OR NEW.line_count < 2;
  SELECT RAISE(ABORT, 'ledger entry does not balance: the previous entry is incomplete')
  FROM ledger_entries AS e
  WHERE e.id = (SELECT max(id) FROM ledger_entries)
    AND e.line_count <> (SELECT count(*) FROM ledger_lines WHERE entry_id = e.id);
END
"""

_PG_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION cybercare_entry_balances() RETURNS trigger AS $$
DECLARE
  entry_id_ bigint;
  header record;
  n bigint; d bigint; c bigint;
BEGIN
  IF TG_TABLE_NAME = 'ledger_lines' THEN entry_id_ := NEW.entry_id; ELSE entry_id_ := NEW.id; END IF;
  SELECT total_cents, line_count INTO header FROM ledger_entries WHERE id = entry_id_;
  SELECT count(*), coalesce(sum(debit_cents), 0), coalesce(sum(credit_cents), 0)
    INTO n, d, c FROM ledger_lines WHERE entry_id = entry_id_;
  IF d <> c OR n < 2 OR d <> header.total_cents OR n <> header.line_count THEN
    RAISE EXCEPTION 'ledger entry % does not balance: debits %, credits %, lines %',
      entry_id_, d, c, n USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
    """
CREATE OR REPLACE FUNCTION cybercare_refuse_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$ LANGUAGE plpgsql
""",
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Plain ADD COLUMN on both engines (no table rebuild, so the existing triggers stay).
    op.add_column(
        "ledger_entries",
        sa.Column("total_cents", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "ledger_entries",
        sa.Column("line_count", sa.Integer(), server_default="0", nullable=False),
    )
    # The entries already booked get their totals: the append-only guard steps aside once.
    if sqlite:
        op.execute("DROP TRIGGER ledger_entries_no_update")
        op.execute(_BACKFILL)
        op.execute(
            "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries "
            "BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END"
        )
        op.execute(_SQLITE_LINE_CHECK)
        op.execute(_SQLITE_ENTRY_CHECK)
        return  # SQLite has no TRUNCATE; DELETE (also without WHERE) is refused by 0004's triggers
    op.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only")
    op.execute(_BACKFILL)
    op.execute("ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only")
    for function in _PG_FUNCTIONS:
        op.execute(function)
    for table in ("ledger_entries", "ledger_lines"):
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_balance AFTER INSERT ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION cybercare_entry_balances()"
        )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cybercare_refuse_truncate()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ledger_entries_complete")
        op.execute("DROP TRIGGER IF EXISTS ledger_lines_balance")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        for table in ("ledger_entries", "ledger_lines"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_balance ON {table}")
        op.execute("DROP FUNCTION IF EXISTS cybercare_refuse_truncate()")
        op.execute("DROP FUNCTION IF EXISTS cybercare_entry_balances()")
    # A plain DROP COLUMN (SQLite >= 3.35), not a batch rebuild that would lose 0004's triggers.
    for column in ("line_count", "total_cents"):
        op.execute(f"ALTER TABLE ledger_entries DROP COLUMN {column}")
