"""claims: decision and payment clocks (Art. 8.4)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 23:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cybercare.db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "decision_due_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "payment_due_at", cybercare.db.types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.create_index(
            batch_op.f("ix_claims_decision_due_at"), ["decision_due_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_claims_payment_due_at"), ["payment_due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_payment_due_at"))
        batch_op.drop_index(batch_op.f("ix_claims_decision_due_at"))
        batch_op.drop_column("payment_due_at")
        batch_op.drop_column("decision_due_at")
