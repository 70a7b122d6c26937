"""scale: trigram indexes of the staff search (PostgreSQL) and time indexes of the dashboards

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-08 01:00:00

Issue 21 (docs/scale.md): on a book of hundreds of thousands of households the staff search's
substring match scanned every person, login, address and affiliation. PostgreSQL gets a GIN
trigram index per searched column (`pg_trgm`); SQLite keeps its scan (its documented ceiling).
"""

from collections.abc import Sequence

from alembic import op

from cybercare.db.search_indexes import TRIGRAM_INDEXES

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The dashboards' windows (the last weeks, this insurance year) on both databases.
WINDOWS = (
    ("ix_assistance_cases_opened_at", "assistance_cases", "opened_at"),
    ("ix_workstreams_opened_at", "workstreams", "opened_at"),
    ("ix_claims_submitted_at", "claims", "submitted_at"),
    ("ix_pot_years_year_end", "pot_years", "year_end"),
)


def upgrade() -> None:
    for name, table, column in WINDOWS:
        op.create_index(name, table, [column])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def downgrade() -> None:
    for name, table, _ in WINDOWS:
        op.drop_index(name, table_name=table)
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _, _ in TRIGRAM_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
