"""sandbox test clocks: the partners' frozen time and the affiliations on it (issue 18)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sandbox_test_clocks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("distributor_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("frozen_time", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("advancing_to", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('ready', 'advancing')", name=op.f("ck_sandbox_test_clocks_status_valid")
        ),
        sa.CheckConstraint(
            "(status = 'advancing') = (advancing_to IS NOT NULL)",
            name=op.f("ck_sandbox_test_clocks_advancing_has_target"),
        ),
        sa.ForeignKeyConstraint(
            ["distributor_code"],
            ["distributors.code"],
            name=op.f("fk_sandbox_test_clocks_distributor_code_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_test_clocks")),
    )
    op.create_index(
        "ix_sandbox_test_clocks_distributor",
        "sandbox_test_clocks",
        ["distributor_code", "created_at"],
        unique=False,
    )
    op.create_table(
        "sandbox_test_clock_affiliations",
        sa.Column("affiliation_id", sa.String(length=32), nullable=False),
        sa.Column("test_clock_id", sa.String(length=32), nullable=False),
        sa.Column("attached_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["affiliations.id"],
            name=op.f("fk_sandbox_test_clock_affiliations_affiliation_id_affiliations"),
        ),
        sa.ForeignKeyConstraint(
            ["test_clock_id"],
            ["sandbox_test_clocks.id"],
            name=op.f("fk_sandbox_test_clock_affiliations_test_clock_id_sandbox_test_clocks"),
        ),
        sa.PrimaryKeyConstraint("affiliation_id", name=op.f("pk_sandbox_test_clock_affiliations")),
    )
    op.create_index(
        op.f("ix_sandbox_test_clock_affiliations_test_clock_id"),
        "sandbox_test_clock_affiliations",
        ["test_clock_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_sandbox_test_clock_affiliations_test_clock_id"),
        table_name="sandbox_test_clock_affiliations",
    )
    op.drop_table("sandbox_test_clock_affiliations")
    op.drop_index("ix_sandbox_test_clocks_distributor", table_name="sandbox_test_clocks")
    op.drop_table("sandbox_test_clocks")
