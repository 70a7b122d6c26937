"""ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 22:49:12.021418
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types
from cybercare.db.ddl import drop_append_only, make_append_only

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("dedupe_key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("posted_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_ledger_entries_dedupe_key")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_effective_date"), ["effective_date"], unique=False
        )

    op.create_table(
        "ledger_lines",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("account", sa.String(length=32), nullable=False),
        sa.Column("party", sa.String(length=64), nullable=False),
        sa.Column("debit_cents", sa.BigInteger(), nullable=False),
        sa.Column("credit_cents", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "account IN ('premium_receivable', 'premium_income', 'tax_payable', 'commission_expense', 'commission_payable', 'refunds_payable', 'bank', 'claims_expense', 'claims_payable', 'recoveries')",
            name=op.f("ck_ledger_lines_account_valid"),
        ),
        sa.CheckConstraint(
            "(debit_cents = 0) <> (credit_cents = 0)", name=op.f("ck_ledger_lines_debit_xor_credit")
        ),
        sa.CheckConstraint(
            "debit_cents >= 0 AND credit_cents >= 0", name=op.f("ck_ledger_lines_amounts_positive")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_ledger_lines_entry_id_ledger_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_lines")),
    )
    with op.batch_alter_table("ledger_lines", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_lines_account_party", ["account", "party"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_lines_entry_id"), ["entry_id"], unique=False)
    make_append_only("ledger_entries")
    make_append_only("ledger_lines")


def downgrade() -> None:
    drop_append_only("ledger_lines")
    drop_append_only("ledger_entries")
    with op.batch_alter_table("ledger_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_lines_entry_id"))
        batch_op.drop_index("ix_ledger_lines_account_party")

    op.drop_table("ledger_lines")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_effective_date"))

    op.drop_table("ledger_entries")
