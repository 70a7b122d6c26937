"""recoveries: recovery files (Art. 8.5 subrogation) and the money recovered on them (issue 15)

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-07 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recovery_files",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("guarantee", sa.String(length=16), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("recovered_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("counterparty_name", sa.String(length=140), nullable=True),
        sa.Column("counterparty_iban", sa.String(length=34), nullable=True),
        sa.Column("counterparty_email", sa.String(length=254), nullable=True),
        sa.Column("demanded_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_reason", sa.String(length=500), nullable=True),
        sa.Column("opened_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'recovered') = (recovered_cents = paid_cents)",
            name=op.f("ck_recovery_files_recovered_when_all"),
        ),
        sa.CheckConstraint(
            "guarantee IN ('ECOM', 'PAYF')", name=op.f("ck_recovery_files_guarantee_subrogation")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'demanded', 'partly_recovered', 'recovered', 'written_off', 'closed')",
            name=op.f("ck_recovery_files_status_valid"),
        ),
        sa.CheckConstraint("paid_cents > 0", name=op.f("ck_recovery_files_paid_positive")),
        sa.CheckConstraint(
            "recovered_cents >= 0 AND recovered_cents <= paid_cents",
            name=op.f("ck_recovery_files_recovery_within_paid"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_recovery_files_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_files")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_recovery_files_claim_id")),
    )
    with op.batch_alter_table("recovery_files", schema=None) as batch_op:
        batch_op.create_index("ix_recovery_files_status", ["status", "opened_at"], unique=False)

    op.create_table(
        "recovery_payments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("file_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("bank_reference", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('bank', 'manual')", name=op.f("ck_recovery_payments_source_valid")
        ),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_recovery_payments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["recovery_files.id"],
            name=op.f("fk_recovery_payments_file_id_recovery_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_payments")),
        sa.UniqueConstraint("file_id", "bank_reference", name="uq_recovery_payments_reference"),
    )
    with op.batch_alter_table("recovery_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_payments_file_id"), ["file_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recovery_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_payments_file_id"))

    op.drop_table("recovery_payments")
    with op.batch_alter_table("recovery_files", schema=None) as batch_op:
        batch_op.drop_index("ix_recovery_files_status")

    op.drop_table("recovery_files")
