"""book imports: the households brought in from a distributor's existing book (issue 18)

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-08 00:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "book_imports"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("distributor_code", sa.String(length=32), nullable=False),
        sa.Column("customer_ref", sa.String(length=64), nullable=False),
        sa.Column("affiliation_id", sa.String(length=32), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("paid_until", sa.Date(), nullable=True),
        sa.Column("imported_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_book_imports_affiliation_id_affiliations"),
        ),
        sa.ForeignKeyConstraint(
            ["distributor_code"],
            ["distributors.code"],
            name=op.f("fk_book_imports_distributor_code_distributors"),
        ),
        sa.PrimaryKeyConstraint("distributor_code", "customer_ref", name=op.f("pk_book_imports")),
        sa.UniqueConstraint("affiliation_id", name=op.f("uq_book_imports_affiliation_id")),
    )


def downgrade() -> None:
    op.drop_table(TABLE)
